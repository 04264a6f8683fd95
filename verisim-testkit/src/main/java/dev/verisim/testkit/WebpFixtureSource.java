package dev.verisim.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the PNG that {@code make-webp-fixtures.sh} feeds to cwebp: {@code ImageFiles.pattern(96,
 * 64, WEBP_FIXTURE_SEED)}. Only that script runs it; tests read the committed WebP files.
 */
public final class WebpFixtureSource {
  private WebpFixtureSource() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: WebpFixtureSource OUTPUT.png");
    }
    Files.write(
        Path.of(args[0]),
        ImageFiles.encode(
            ImageFiles.pattern(
                ImageFiles.WEBP_FIXTURE_WIDTH,
                ImageFiles.WEBP_FIXTURE_HEIGHT,
                ImageFiles.WEBP_FIXTURE_SEED),
            "png"));
  }
}
