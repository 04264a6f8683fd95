package dev.verisim.gan;

import dev.verisim.core.MediaException;
import dev.verisim.core.Parallel;
import dev.verisim.core.Progress;
import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.media.ImageDecoder;
import dev.verisim.core.media.ImageLimits;
import dev.verisim.detect.face.FaceCrop;
import dev.verisim.detect.face.FaceCropper;
import dev.verisim.detect.face.FaceFinder;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of a folder (any depth, any format verisim decodes), cut square as the config says and
 * resized to the training resolution. Files that do not decode, and with {@link
 * GanConfig.Crop#FACE} images where no face is found, are skipped and counted.
 *
 * @param root the folder
 * @param names relative paths, sorted, one per image
 * @param images the squares, TYPE_INT_RGB
 * @param sha256 over every used file's relative path and content, in order
 */
public record TrainingImages(
    Path root,
    List<String> names,
    List<BufferedImage> images,
    String sha256,
    int undecodable,
    int withoutFace) {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingImages.class);
  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

  /** Most images read from one folder. */
  public static final int MAX_IMAGES = 200_000;

  public TrainingImages {
    names = List.copyOf(names);
    images = List.copyOf(images);
  }

  public static TrainingImages load(Path root, GanConfig config, Progress progress)
      throws IOException {
    return load(root, config, null, progress);
  }

  /**
   * @param only relative paths (with '/') to keep, e.g. a run's {@code held-out.txt}; null keeps
   *     every image
   */
  public static TrainingImages load(
      Path root, GanConfig config, Set<String> only, Progress progress) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : list(root)) {
      if (only == null || only.contains(root.relativize(p).toString().replace('\\', '/'))) {
        files.add(p);
      }
    }
    if (files.isEmpty()) {
      throw new IOException("no images in " + root);
    }
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    BufferedImage[] squares = new BufferedImage[files.size()];
    boolean[] noFace = new boolean[files.size()];
    AtomicInteger done = new AtomicInteger();
    progress.start("decode and crop", files.size());
    boolean face = config.crop() == GanConfig.Crop.FACE;
    try (FaceFinder finder = face ? FaceFinder.create() : null) {
      FaceCropper cropper = finder == null ? null : new FaceCropper(finder);
      Parallel.forEachIndex(
          files.size(),
          "decode " + root,
          i -> {
            Path file = files.get(i);
            try {
              BufferedImage rgb = decoder.decode(file, root.relativize(file).toString()).rgb();
              if (face) {
                FaceCrop crop = cropper.crops(rgb, config.faceMargin(), config.resolution()).get(0);
                noFace[i] = crop.wholeImageFallback();
                squares[i] = noFace[i] ? null : crop.crop();
              } else {
                squares[i] = centre(rgb, config.resolution());
              }
            } catch (MediaException e) {
              LOG.warn("skipping {}: {}", file, e.getMessage());
            }
            progress.step(done.incrementAndGet());
          });
    }
    progress.end();
    List<String> names = new ArrayList<>();
    List<BufferedImage> images = new ArrayList<>();
    int undecodable = 0;
    int withoutFace = 0;
    MessageDigest digest = newDigest();
    for (int i = 0; i < files.size(); i++) {
      if (noFace[i]) {
        withoutFace++;
      } else if (squares[i] == null) {
        undecodable++;
      } else {
        String name = root.relativize(files.get(i)).toString().replace('\\', '/');
        names.add(name);
        images.add(squares[i]);
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update(HexFormat.of().parseHex(LabelledDataset.fileSha256(files.get(i))));
      }
    }
    if (images.isEmpty()) {
      throw new IOException(
          "no usable images in "
              + root
              + " ("
              + undecodable
              + " undecodable, "
              + withoutFace
              + " without a face)");
    }
    return new TrainingImages(
        root, names, images, HexFormat.of().formatHex(digest.digest()), undecodable, withoutFace);
  }

  /** The largest centred square, resized. */
  public static BufferedImage centre(BufferedImage rgb, int size) {
    int side = Math.min(rgb.getWidth(), rgb.getHeight());
    Rectangle r =
        new Rectangle((rgb.getWidth() - side) / 2, (rgb.getHeight() - side) / 2, side, side);
    return FaceCropper.resized(rgb, r, size);
  }

  static List<Path> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("image folder " + root + " does not exist or is not a folder");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!name.startsWith(".") && EXTENSIONS.contains(ext)) {
          files.add(p);
          if (files.size() > MAX_IMAGES) {
            throw new IOException(
                root + " holds more than " + MAX_IMAGES + " images: point at a smaller folder");
          }
        }
      }
    }
    return files;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
