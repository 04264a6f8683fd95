package dev.verisim.detect;

import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Decides whether media is real or fake. Implementations are thread-safe; a detector never throws
 * for bad input: it returns a verdict whose label is {@code error} and whose error names the
 * reason.
 *
 * <pre>{@code
 * Detector detector = ForensicDetector.createDefault();
 * Verdict v = detector.detect(Path.of("photo.jpg"), "photo.jpg");
 * System.out.println(v.label() + " " + v.pFake());
 * }</pre>
 */
public interface Detector {
  /** The model that decides. */
  ModelInfo model();

  /** The band in which verdicts are "uncertain". */
  UncertainBand band();

  /**
   * Analyses a file.
   *
   * @param name the name to report, usually the path as the user gave it
   */
  default Verdict detect(Path file, String name) {
    return detect(file, name, image -> {});
  }

  /**
   * Analyses a file and hands the decoded image to {@code peek} (on the calling thread) before the
   * analysis, for example to make a thumbnail without decoding twice. A video detector hands over
   * one representative frame once the frames are analysed.
   */
  Verdict detect(Path file, String name, Consumer<StillImage> peek);

  /** Analyses bytes in memory, for example an upload. */
  Verdict detect(byte[] bytes, String name);
}
