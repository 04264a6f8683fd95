package dev.verisim.eval;

import dev.verisim.core.media.Degradations;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * One way media is degraded on its way across the internet, applied in memory to decoded pixels.
 * Only the named change applies: rescaled, blurred and noisy copies are stored as lossless PNG, so
 * no JPEG compression sneaks in.
 *
 * @param id a short stable name, used in tables and JSON
 * @param operation makes the degraded file's bytes from upright sRGB pixels and a seed
 */
public record Degradation(String id, Operation operation) {

  /** Makes the bytes of a degraded copy. */
  @FunctionalInterface
  public interface Operation {
    byte[] apply(BufferedImage rgb, long seed);
  }

  public Degradation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
  }

  public byte[] apply(BufferedImage rgb, long seed) {
    return operation.apply(rgb, seed);
  }

  public static Degradation jpeg(int quality) {
    return new Degradation("jpeg-q" + quality, (rgb, seed) -> Degradations.jpeg(rgb, quality));
  }

  public static Degradation downscale(double factor) {
    return new Degradation(
        "downscale-" + factor, (rgb, seed) -> Degradations.png(Degradations.scale(rgb, factor)));
  }

  public static Degradation blur(int radius) {
    return new Degradation(
        "blur-r" + radius, (rgb, seed) -> Degradations.png(Degradations.blur(rgb, radius)));
  }

  public static Degradation noise(double sigma) {
    return new Degradation(
        "noise-s" + (sigma == Math.rint(sigma) ? String.valueOf((long) sigma) : sigma),
        (rgb, seed) -> Degradations.png(Degradations.noise(rgb, sigma, seed)));
  }

  /** As social networks re-encode, per the quality goal: long side resized to 256 px, JPEG q75. */
  public static Degradation social() {
    return new Degradation(
        "social-256px-q75",
        (rgb, seed) -> Degradations.jpeg(Degradations.fitLongSide(rgb, 256), 75));
  }

  /**
   * The social re-encoding; JPEG q30, q50, q70, q90; downscale 0.5, 0.25; blur radius 2; Gaussian
   * noise sigma 5.
   */
  public static List<Degradation> standard() {
    return List.of(
        social(),
        jpeg(30),
        jpeg(50),
        jpeg(70),
        jpeg(90),
        downscale(0.5),
        downscale(0.25),
        blur(2),
        noise(5));
  }
}
