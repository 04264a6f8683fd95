package dev.verisim.detect.video;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verisim.core.verdict.MediaDetails;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A video verdict's own fields, written after the common ones:
 *
 * <pre>
 * "duration_s": 8.0, "fps": 25.0, "width": 512, "height": 512, "rotation": 0, "codec": "h264",
 * "frames_decoded": 200, "frames_sampled": 16, "sample_fps": 2.0,
 * "timeline": [{"t": 0, "p_fake": 0.31, "faces": 1}, ...],
 * "tracks": [{"id": 0, "first_s": 0.0, "last_s": 7.5, "frames": 16, "p_fake": 0.31,
 *             "counted": true, "box": [x, y, w, h]}]
 * </pre>
 *
 * <p>{@code timeline} has one entry per second that had a sampled frame: {@code t} is the second's
 * start, {@code p_fake} the pooled probability of that second's frames (null when nothing was
 * scored) and {@code faces} the most faces seen in one of its frames. {@code tracks} are the faces
 * followed across frames, most suspicious first; {@code counted} says whether the track was long
 * enough to count towards the clip's score.
 *
 * @param durationSeconds the duration decoded (the container's when nothing was decoded)
 * @param fps the stream's frame rate
 * @param width frame width
 * @param height frame height
 * @param rotation the clockwise turn applied to show the coded frames upright (0, 90, 180, 270)
 * @param codec the video codec's name
 * @param framesDecoded frames decoded
 * @param framesSampled frames analysed
 * @param sampleFps the sampling rate asked for
 * @param timeline per-second points, in time order
 * @param tracks face tracks, most suspicious first
 */
public record VideoDetails(
    double durationSeconds,
    double fps,
    int width,
    int height,
    int rotation,
    String codec,
    long framesDecoded,
    int framesSampled,
    double sampleFps,
    List<TimelinePoint> timeline,
    List<Track> tracks)
    implements MediaDetails {

  public VideoDetails {
    Objects.requireNonNull(codec, "codec");
    timeline = List.copyOf(timeline);
    tracks = List.copyOf(tracks);
  }

  /**
   * One second of the timeline.
   *
   * @param second the second's start, in seconds from the first frame
   * @param pFake the pooled probability of the frames sampled in that second, empty if none was
   *     scored
   * @param faces the most faces found in one frame of that second
   */
  public record TimelinePoint(int second, OptionalDouble pFake, int faces) {}

  /**
   * A face followed across sampled frames.
   *
   * @param id the track's number, in order of first appearance; -1 for the whole frames
   * @param firstSeconds when it was first seen
   * @param lastSeconds when it was last seen
   * @param frames sampled frames it was found in
   * @param pFake its pooled probability (trimmed mean of its frames' logits)
   * @param counted whether it was long enough to count towards the clip's score
   * @param box its box, {x, y, width, height}, in the frame shown as the thumbnail if it is there,
   *     else where it was first seen
   * @param wholeFrame true for the pseudo-track of whole frames scored when no face was found
   */
  public record Track(
      int id,
      double firstSeconds,
      double lastSeconds,
      int frames,
      double pFake,
      boolean counted,
      int[] box,
      boolean wholeFrame) {
    public Track {
      box = box.clone();
    }
  }

  @Override
  public String media() {
    return "video";
  }

  @Override
  public void writeJson(ObjectNode o) {
    o.put("duration_s", round(durationSeconds, 100));
    o.put("fps", round(fps, 1000));
    o.put("width", width);
    o.put("height", height);
    o.put("rotation", rotation);
    o.put("codec", codec);
    o.put("frames_decoded", framesDecoded);
    o.put("frames_sampled", framesSampled);
    o.put("sample_fps", sampleFps);
    ArrayNode points = o.putArray("timeline");
    for (TimelinePoint p : timeline) {
      ObjectNode n = points.addObject();
      n.put("t", p.second());
      if (p.pFake().isPresent()) {
        n.put("p_fake", round(p.pFake().getAsDouble(), 10_000));
      } else {
        n.putNull("p_fake");
      }
      n.put("faces", p.faces());
    }
    ArrayNode ts = o.putArray("tracks");
    for (Track t : tracks) {
      ObjectNode n = ts.addObject();
      n.put("id", t.id());
      n.put("first_s", round(t.firstSeconds(), 100));
      n.put("last_s", round(t.lastSeconds(), 100));
      n.put("frames", t.frames());
      n.put("p_fake", round(t.pFake(), 10_000));
      n.put("counted", t.counted());
      n.put("whole_frame", t.wholeFrame());
      ArrayNode box = n.putArray("box");
      for (int v : t.box()) {
        box.add(v);
      }
    }
  }

  private static double round(double x, double scale) {
    return Math.round(x * scale) / scale;
  }
}
