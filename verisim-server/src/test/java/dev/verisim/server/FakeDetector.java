package dev.verisim.server;

import dev.verisim.core.media.StillImage;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A detector for the server's tests: a fixed verdict (p_fake 0.9), optionally held back until
 * {@link #release()} so the queue fills up or a timeout fires. A real implementation of the
 * interface, not a mock: the server sees nothing else.
 */
final class FakeDetector implements Detector {
  static final ModelInfo MODEL = new ModelInfo("fake-test-detector", "1");

  private final CountDownLatch gate;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger started = new AtomicInteger();

  private FakeDetector(boolean held) {
    this.gate = new CountDownLatch(held ? 1 : 0);
  }

  /** Answers at once. */
  static FakeDetector immediate() {
    return new FakeDetector(false);
  }

  /** Answers only after {@link #release()}. */
  static FakeDetector held() {
    return new FakeDetector(true);
  }

  void release() {
    gate.countDown();
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
    throw new UnsupportedOperationException("the server detects bytes");
  }

  @Override
  public Verdict detect(byte[] bytes, String name) {
    started.incrementAndGet();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    calls.incrementAndGet();
    return Verdict.analysed(
        name,
        0.9,
        UncertainBand.DEFAULT,
        List.of(
            new CueEvidence(
                "fake", 0.9, bytes.length + " bytes looked at", Map.of(), Optional.empty())),
        ProvenanceSummary.ABSENT,
        MODEL,
        1);
  }
}
