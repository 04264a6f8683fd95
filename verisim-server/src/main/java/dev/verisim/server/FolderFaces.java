package dev.verisim.server;

import dev.verisim.core.MediaException;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Faces from a folder of images (walked recursively), each cut to its centre square. */
public final class FolderFaces implements FaceSource {
  /** At most this many files are listed: a quiz needs variety, not a whole archive. */
  public static final int MAX_FILES = 20_000;

  private final Path dir;
  private final List<Path> files;
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  private FolderFaces(Path dir, List<Path> files) {
    this.dir = dir;
    this.files = files;
  }

  /**
   * Lists the images (by extension) under a folder.
   *
   * @throws IOException naming the folder when it cannot be read or holds no image
   */
  public static FolderFaces of(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(FolderFaces::looksLikeImage)
              .sorted()
              .limit(MAX_FILES)
              .toList();
    }
    if (files.isEmpty()) {
      throw new IOException(dir + ": no JPEG, PNG or WebP images in it");
    }
    return new FolderFaces(dir, files);
  }

  private static boolean looksLikeImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".webp");
  }

  /** How many images were found. */
  public int size() {
    return files.size();
  }

  @Override
  public BufferedImage face(long pick) throws IOException {
    Path file = files.get((int) Math.floorMod(pick, (long) files.size()));
    BufferedImage rgb;
    try {
      rgb = decoder.decode(file, file.toString()).rgb();
    } catch (MediaException e) {
      throw new IOException(e.getMessage(), e);
    }
    int side = Math.min(rgb.getWidth(), rgb.getHeight());
    return rgb.getSubimage((rgb.getWidth() - side) / 2, (rgb.getHeight() - side) / 2, side, side);
  }

  @Override
  public String describe() {
    return files.size() + " images under " + dir;
  }
}
