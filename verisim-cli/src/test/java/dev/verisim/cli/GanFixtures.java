package dev.verisim.cli;

import dev.verisim.testkit.ImageFiles;
import dev.verisim.testkit.SyntheticImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Tiny image folders and tiny training settings for the {@code verisim gan} tests. */
final class GanFixtures {
  private GanFixtures() {}

  /** Images {@link #writeImages} writes. */
  static final int IMAGES = 16;

  /** What {@code --held-out 0.25} keeps out of {@link #IMAGES}: round(16 * 0.25). */
  static final int HELD_OUT = 4;

  /** A command's exit code and what it printed. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * {@link #IMAGES} camera-like textures of mixed sizes (some not square, so the centre crop has
   * work to do): PNG and JPEG, half of them in a nested subfolder.
   */
  static Path writeImages(Path root) throws IOException {
    Path nested = Files.createDirectories(root.resolve("more").resolve("deeper"));
    for (int i = 0; i < IMAGES; i++) {
      int w = 40 + 8 * (i % 3);
      int h = 40 + 8 * ((i + 1) % 3);
      Path folder = i % 2 == 0 ? root : nested;
      if (i % 3 == 0) {
        Files.write(
            folder.resolve(String.format(Locale.ROOT, "img%02d.jpg", i)),
            ImageFiles.jpeg(SyntheticImages.naturalTexture(w, h, 300 + i), 0.9f));
      } else {
        Files.write(
            folder.resolve(String.format(Locale.ROOT, "img%02d.png", i)),
            ImageFiles.encode(SyntheticImages.naturalTexture(w, h, 300 + i), "png"));
      }
    }
    return root;
  }

  /**
   * {@code gan train} with the tiny settings the tests use; {@code extra} options replace the value
   * of one already given, or are added.
   */
  static String[] train(Path data, Path out, int steps, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "gan",
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--resolution",
                "32",
                "--width",
                "8",
                "--latent",
                "16",
                "--batch",
                "4",
                "--steps",
                Integer.toString(steps),
                "--crop",
                "centre",
                "--held-out",
                "0.25",
                "--log-every",
                "1",
                "--sample-every",
                "2",
                "--seed",
                "11"));
    for (int i = 0; i < extra.length; i++) {
      int at = args.indexOf(extra[i]);
      if (at < 0) {
        args.add(extra[i]);
      } else if (i + 1 < extra.length && !extra[i + 1].startsWith("--")) {
        args.set(at + 1, extra[++i]);
      }
    }
    return args.toArray(String[]::new);
  }

  /**
   * The data digest as {@code TrainingImages} documents it, computed independently: SHA-256 over
   * each image's relative path ('/'-separated, sorted) and the SHA-256 of its bytes.
   */
  static String dataSha256(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        all.update(
            root.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
        all.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
