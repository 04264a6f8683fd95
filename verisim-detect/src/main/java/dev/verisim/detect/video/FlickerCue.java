package dev.verisim.detect.video;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.detect.face.FaceBox;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A temporal cue: does the face flicker against the rest of the picture from one frame to the next?
 * Face-swap and reenactment methods make each frame's face on its own and blend it in, so its
 * brightness and sharpness wobble from frame to frame while the background, filmed by one camera,
 * does not. A filmed face changes smoothly.
 *
 * <p>For each face in a sampled frame it reads the burst of consecutive frames that follows it
 * (three frames, 80 ms at 25 fps, so the face barely moves and the box found in the first frame
 * still fits) and measures two series against the background (the frame outside the face box grown
 * by half its size), so that a camera's exposure or compression changes, which touch the whole
 * frame, cancel out:
 *
 * <ul>
 *   <li>{@value #LUMA}: mean luma of the face's centre minus that of the background;
 *   <li>{@value #SHARPNESS}: log of the face's high-frequency energy (mean absolute Laplacian) over
 *       the background's.
 * </ul>
 *
 * Smooth change (a head turning, light drifting) is nearly linear over three frames, so the cue
 * takes each series' second difference, {@code |a0 - 2 a1 + a2|}, which is zero for a linear drift
 * and large for a wobble. The clip's value is the median over all faces and samples: one noisy
 * burst does not move it. {@value #BOX_JITTER} (second difference of the face box's centre across
 * samples, over its width) is reported as a feature only: at two samples a second it mostly
 * measures head motion.
 *
 * <p>The score maps each median through {@code x / (x + scale)} with scales chosen so that a steady
 * filmed face lands near 0.2-0.3; it is not a calibrated probability, and it is reported beside the
 * clip's score, not fused into it, until labelled video exists to fit the fusion on.
 */
final class FlickerCue {
  static final String NAME = "flicker";
  static final String LUMA = "flicker.luma";
  static final String SHARPNESS = "flicker.sharpness";
  static final String BOX_JITTER = "flicker.box_jitter";
  static final String BURSTS = "flicker.bursts";

  /** Luma wobble (8-bit levels) that scores 0.5. */
  static final double LUMA_SCALE = 1.5;

  /** Sharpness wobble (log ratio) that scores 0.5. */
  static final double SHARPNESS_SCALE = 0.08;

  /** Frames per burst the cue needs. */
  static final int BURST = 3;

  /** One face's wobble over one burst. */
  record Wobble(double luma, double sharpness) {}

  private FlickerCue() {}

  /**
   * The wobble of one face over a burst of luma planes, or empty when the burst is too short or the
   * face too small to measure.
   */
  static Optional<Wobble> measure(List<byte[]> burst, int width, int height, FaceBox face) {
    if (burst.size() < BURST) {
      return Optional.empty();
    }
    // The face's centre: skin, not hair or the background at the box's corners.
    int ix0 = face.x() + face.width() / 5;
    int iy0 = face.y() + face.height() / 5;
    int ix1 = Math.min(width, face.x() + face.width() - face.width() / 5);
    int iy1 = Math.min(height, face.y() + face.height() - face.height() / 5);
    if (ix1 - ix0 < 8 || iy1 - iy0 < 8) {
      return Optional.empty();
    }
    int gx0 = Math.max(0, face.x() - face.width() / 2);
    int gy0 = Math.max(0, face.y() - face.height() / 2);
    int gx1 = Math.min(width, face.x() + face.width() + face.width() / 2);
    int gy1 = Math.min(height, face.y() + face.height() + face.height() / 2);
    double[] luma = new double[BURST];
    double[] sharp = new double[BURST];
    for (int k = 0; k < BURST; k++) {
      byte[] g = burst.get(k);
      if (g.length != width * height) {
        return Optional.empty();
      }
      double[] faceStats = stats(g, width, height, ix0, iy0, ix1, iy1, null);
      double[] bgStats =
          stats(g, width, height, 0, 0, width, height, new int[] {gx0, gy0, gx1, gy1});
      if (bgStats[2] < 0.05 * width * height) {
        // The face fills the frame: compare with the whole frame instead.
        bgStats = stats(g, width, height, 0, 0, width, height, null);
      }
      luma[k] = faceStats[0] - bgStats[0];
      sharp[k] = Math.log((faceStats[1] + 0.5) / (bgStats[1] + 0.5));
    }
    return Optional.of(new Wobble(secondDifference(luma), secondDifference(sharp)));
  }

  private static double secondDifference(double[] a) {
    return Math.abs(a[0] - 2 * a[1] + a[2]);
  }

  /**
   * Mean luma, mean absolute Laplacian and pixel count over a rectangle, leaving out {@code hole}
   * ({x0, y0, x1, y1}) when given. Every second pixel in each direction: enough for a mean.
   */
  private static double[] stats(
      byte[] g, int width, int height, int x0, int y0, int x1, int y1, int[] hole) {
    double sum = 0;
    double lap = 0;
    long n = 0;
    for (int y = Math.max(1, y0); y < Math.min(height - 1, y1); y += 2) {
      int row = y * width;
      for (int x = Math.max(1, x0); x < Math.min(width - 1, x1); x += 2) {
        if (hole != null && x >= hole[0] && x < hole[2] && y >= hole[1] && y < hole[3]) {
          continue;
        }
        int c = g[row + x] & 0xFF;
        int l =
            4 * c
                - (g[row + x - 1] & 0xFF)
                - (g[row + x + 1] & 0xFF)
                - (g[row - width + x] & 0xFF)
                - (g[row + width + x] & 0xFF);
        sum += c;
        lap += Math.abs(l);
        n++;
      }
    }
    // Every second pixel each way: n counts a quarter of the pixels.
    return n == 0 ? new double[] {0, 0, 0} : new double[] {sum / n, lap / n, 4.0 * n};
  }

  /**
   * The cue's evidence over a clip.
   *
   * @param wobbles every face's wobble over every burst measured
   * @param jitters every track's box-centre second differences over its width
   */
  static CueEvidence evidence(List<Wobble> wobbles, List<Double> jitters) {
    double jitter = jitters.isEmpty() ? 0 : median(jitters.stream().mapToDouble(d -> d).toArray());
    if (wobbles.isEmpty()) {
      return new CueEvidence(
          NAME,
          0.5,
          "No face could be followed over consecutive frames, so face flicker was not measured"
              + " (neutral 0.5).",
          Map.of(LUMA, 0.0, SHARPNESS, 0.0, BOX_JITTER, jitter, BURSTS, 0.0));
    }
    double luma = median(wobbles.stream().mapToDouble(Wobble::luma).toArray());
    double sharp = median(wobbles.stream().mapToDouble(Wobble::sharpness).toArray());
    double lumaScore = luma / (luma + LUMA_SCALE);
    double sharpScore = sharp / (sharp + SHARPNESS_SCALE);
    double score = Math.max(lumaScore, sharpScore);
    String which = lumaScore >= sharpScore ? "brightness" : "sharpness";
    String level =
        score > 0.65
            ? "flickers from frame to frame against the background, as a face made frame by frame"
                + " and blended in often does"
            : score < 0.35
                ? "changes smoothly from frame to frame, as a filmed face does"
                : "flickers a little from frame to frame; filmed faces can do this too";
    String explanation =
        String.format(
            Locale.ROOT,
            "The face's %s %s (median over %d bursts of 3 consecutive frames: brightness wobble"
                + " %.2f grey levels, sharpness wobble %.3f). Not calibrated and not part of"
                + " p_fake yet.",
            which,
            level,
            wobbles.size(),
            luma,
            sharp);
    return new CueEvidence(
        NAME,
        score,
        explanation,
        Map.of(LUMA, luma, SHARPNESS, sharp, BOX_JITTER, jitter, BURSTS, (double) wobbles.size()));
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
