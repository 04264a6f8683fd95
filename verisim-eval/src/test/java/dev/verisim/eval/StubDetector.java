package dev.verisim.eval;

import dev.verisim.core.ErrorCode;
import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** A detector that answers a fixed p_fake per name (missing names are errors) and logs inputs. */
final class StubDetector implements Detector {
  static final ModelInfo MODEL = new ModelInfo("stub", "1");

  private final Map<String, Double> pFake;
  final Queue<String> names = new ConcurrentLinkedQueue<>();
  final Queue<byte[]> bytes = new ConcurrentLinkedQueue<>();

  StubDetector(Map<String, Double> pFake) {
    this.pFake = pFake;
  }

  @Override
  public ModelInfo model() {
    return MODEL;
  }

  @Override
  public UncertainBand band() {
    return UncertainBand.DEFAULT;
  }

  @Override
  public Verdict detect(Path file, String name, Consumer<StillImage> peek) {
    names.add(name);
    Double p = pFake.get(name);
    if (p == null) {
      return Verdict.failed(name, ErrorCode.CORRUPT, name + " is broken", band(), MODEL, 0);
    }
    return Verdict.analysed(name, p, band(), List.of(), ProvenanceSummary.ABSENT, MODEL, 0);
  }

  @Override
  public Verdict detect(byte[] data, String name) {
    names.add(name);
    bytes.add(data);
    return Verdict.analysed(name, 0.5, band(), List.of(), ProvenanceSummary.ABSENT, MODEL, 0);
  }
}
