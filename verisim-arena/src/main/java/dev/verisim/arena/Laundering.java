package dev.verisim.arena;

import dev.verisim.eval.Degradation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * What a creator does to a fake before posting it, to shake off a detector: one of {@code verisim
 * eval}'s robustness degradations ({@link Degradation}), written as {@code jpeg:50}, {@code
 * resize:0.5}, {@code blur:1} or {@code noise:5}. A resized copy is scaled back to its own size, as
 * the detector's input is fixed: the detail lost is what matters, not the size.
 *
 * @param spec the text it was parsed from, for example {@code jpeg:50}
 */
public record Laundering(String spec, Degradation degradation) {
  public Laundering {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(degradation, "degradation");
  }

  /** The defaults of {@code verisim arena}: JPEG q50, half size, box blur r1, noise sigma 5. */
  public static final List<String> DEFAULTS = List.of("jpeg:50", "resize:0.5", "blur:1", "noise:5");

  /**
   * Parses {@code kind:amount}.
   *
   * @throws IllegalArgumentException naming the value and what is allowed
   */
  public static Laundering parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(usage(spec));
    }
    String kind = s.substring(0, colon);
    String amount = s.substring(colon + 1);
    try {
      return switch (kind) {
        case "jpeg" -> {
          int q = Integer.parseInt(amount);
          check(q >= 1 && q <= 100, spec, "JPEG quality must be in [1,100]");
          yield new Laundering(s, Degradation.jpeg(q));
        }
        case "resize" -> {
          double f = Double.parseDouble(amount);
          check(f >= 0.1 && f < 1, spec, "the resize factor must be in [0.1,1)");
          yield new Laundering(s, Degradation.downscale(f));
        }
        case "blur" -> {
          int r = Integer.parseInt(amount);
          check(r >= 1 && r <= 8, spec, "the blur radius must be in [1,8]");
          yield new Laundering(s, Degradation.blur(r));
        }
        case "noise" -> {
          double sigma = Double.parseDouble(amount);
          check(sigma > 0 && sigma <= 64, spec, "the noise sigma must be in (0,64]");
          yield new Laundering(s, Degradation.noise(sigma));
        }
        default -> throw new IllegalArgumentException(usage(spec));
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage(spec), e);
    }
  }

  /** Parses every spec; an empty list is no laundering. */
  public static List<Laundering> parseAll(List<String> specs) {
    List<Laundering> out = new ArrayList<>();
    for (String s : specs) {
      Laundering l = parse(s);
      for (Laundering seen : out) {
        if (seen.spec().equals(l.spec())) {
          throw new IllegalArgumentException("laundering " + s + " is given twice");
        }
      }
      out.add(l);
    }
    return List.copyOf(out);
  }

  private static void check(boolean ok, String spec, String why) {
    if (!ok) {
      throw new IllegalArgumentException("laundering '" + spec + "': " + why);
    }
  }

  private static String usage(String spec) {
    return "laundering '"
        + spec
        + "' is not one of jpeg:QUALITY, resize:FACTOR, blur:RADIUS, noise:SIGMA";
  }

  /** Equal when parsed from the same spec (the degradation's operation is a function). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Laundering other && other.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** The laundered copy, decoded again, at the size of {@code rgb}. */
  public BufferedImage apply(BufferedImage rgb, long seed) {
    byte[] bytes = degradation.apply(rgb, seed);
    BufferedImage out;
    try {
      out = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("decoding a laundered copy in memory failed", e);
    }
    if (out.getWidth() != rgb.getWidth() || out.getHeight() != rgb.getHeight()) {
      out = dev.verisim.core.media.Degradations.resize(out, rgb.getWidth(), rgb.getHeight());
    }
    if (out.getType() != BufferedImage.TYPE_INT_RGB) {
      BufferedImage copy =
          new BufferedImage(out.getWidth(), out.getHeight(), BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = copy.createGraphics();
      try {
        g.drawImage(out, 0, 0, null);
      } finally {
        g.dispose();
      }
      out = copy;
    }
    return out;
  }
}
