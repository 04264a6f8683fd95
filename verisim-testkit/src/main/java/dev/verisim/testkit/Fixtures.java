package dev.verisim.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Folders of image files on disk for end-to-end tests (the CLI's {@code detect} on a directory).
 *
 * <pre>{@code
 * List<Fixtures.FixtureFile> files = Fixtures.writeMixedFolder(tempDir);
 * files.stream().filter(Fixtures.FixtureFile::shouldDecode)...
 * }</pre>
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * One file written by a fixture method.
   *
   * @param path where it was written
   * @param description what it is, for assertion messages ("96x64 JPEG", "empty file")
   * @param expectedErrorCode the verisim error code id the decoder must report ("empty",
   *     "truncated", "unsupported-format", "too-many-pixels"), or null when the file must decode
   */
  public record FixtureFile(Path path, String description, String expectedErrorCode) {
    public boolean shouldDecode() {
      return expectedErrorCode == null;
    }
  }

  /** Width and height of every good image in {@link #writeMixedFolder}. */
  public static final int WIDTH = 96;

  public static final int HEIGHT = 64;

  /**
   * Writes one good 96x64 image per format (JPEG, PNG, WebP, BMP, TIFF, GIF) and four bad files
   * (empty, truncated JPEG, a text file named .jpg, a 30000x30000 PNG) into {@code dir}, which is
   * created if needed. Returns them in file-name order.
   */
  public static List<FixtureFile> writeMixedFolder(Path dir) {
    List<FixtureFile> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      var image = ImageFiles.pattern(WIDTH, HEIGHT, 1L);
      files.add(write(dir, "bomb-30000x30000.png", BadFiles.bombPng(), "too-many-pixels"));
      files.add(write(dir, "empty.jpg", BadFiles.empty(), "empty"));
      files.add(write(dir, "good.bmp", ImageFiles.encode(image, "bmp"), null));
      files.add(write(dir, "good.gif", ImageFiles.encode(image, "gif"), null));
      files.add(write(dir, "good.jpg", ImageFiles.jpeg(image, 0.9f), null));
      files.add(write(dir, "good.png", ImageFiles.encode(image, "png"), null));
      files.add(write(dir, "good.tiff", ImageFiles.encode(image, "tiff"), null));
      files.add(write(dir, "good.webp", ImageFiles.webpLossy(), null));
      files.add(write(dir, "notes.jpg", BadFiles.text(), "unsupported-format"));
      files.add(write(dir, "truncated.jpg", BadFiles.truncatedJpeg(), "truncated"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(files);
  }

  private static FixtureFile write(Path dir, String name, byte[] bytes, String expectedErrorCode)
      throws IOException {
    Path path = dir.resolve(name);
    Files.write(path, bytes);
    String description = expectedErrorCode == null ? "good " + name : name;
    return new FixtureFile(path, description, expectedErrorCode);
  }
}
