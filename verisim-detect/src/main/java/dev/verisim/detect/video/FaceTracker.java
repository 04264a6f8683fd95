package dev.verisim.detect.video;

import dev.verisim.detect.face.FaceBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows faces across sampled frames by the overlap of their boxes: each face found in a frame
 * joins the live track whose last box it overlaps most (intersection over union at least {@link
 * #MIN_IOU}, greedy, best pairs first), or starts a new track. A track not seen for more than
 * {@link #MAX_MISSES} sampled frames ends, so a face that leaves and comes back is a new track.
 *
 * <p>Overlap rather than appearance, because frames half a second apart of a talking head move
 * little, and the Haar cascade gives no embedding to compare. Not thread-safe: one per video.
 */
final class FaceTracker {
  /** Least overlap for a face to continue a track. */
  static final double MIN_IOU = 0.2;

  /** Sampled frames a track may miss (the cascade misses turned heads) before it ends. */
  static final int MAX_MISSES = 2;

  private final List<Live> live = new ArrayList<>();
  private int nextId;

  private static final class Live {
    final int id;
    FaceBox last;
    int misses;

    Live(int id, FaceBox box) {
      this.id = id;
      this.last = box;
    }
  }

  /**
   * Assigns the faces of the next sampled frame to tracks.
   *
   * @return the track id of each face, in the order given
   */
  int[] assign(List<FaceBox> faces) {
    int[] ids = new int[faces.size()];
    java.util.Arrays.fill(ids, -1);
    boolean[] taken = new boolean[live.size()];
    // Greedy on the best overlaps first: few faces per frame, so all pairs are cheap.
    List<double[]> pairs = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      for (int t = 0; t < live.size(); t++) {
        double iou = iou(faces.get(f), live.get(t).last);
        if (iou >= MIN_IOU) {
          pairs.add(new double[] {iou, f, t});
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b[0], a[0]));
    for (double[] p : pairs) {
      int f = (int) p[1];
      int t = (int) p[2];
      if (ids[f] < 0 && !taken[t]) {
        ids[f] = live.get(t).id;
        taken[t] = true;
        live.get(t).last = faces.get(f);
        live.get(t).misses = 0;
      }
    }
    for (int t = live.size() - 1; t >= 0; t--) {
      if (!taken[t] && ++live.get(t).misses > MAX_MISSES) {
        live.remove(t);
      }
    }
    for (int f = 0; f < faces.size(); f++) {
      if (ids[f] < 0) {
        Live l = new Live(nextId++, faces.get(f));
        live.add(l);
        ids[f] = l.id;
      }
    }
    return ids;
  }

  static double iou(FaceBox a, FaceBox b) {
    int x0 = Math.max(a.x(), b.x());
    int y0 = Math.max(a.y(), b.y());
    int x1 = Math.min(a.x() + a.width(), b.x() + b.width());
    int y1 = Math.min(a.y() + a.height(), b.y() + b.height());
    if (x1 <= x0 || y1 <= y0) {
      return 0;
    }
    double inter = (double) (x1 - x0) * (y1 - y0);
    return inter / (a.area() + b.area() - inter);
  }
}
