package dev.verisim.server;

import dev.verisim.core.label.AiLabel;
import dev.verisim.core.label.LabelledImageWriter;
import dev.verisim.core.media.Degradations;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.Verdict;
import dev.verisim.detect.Detector;
import dev.verisim.detect.ProvenanceReader;
import dev.verisim.provenance.watermark.WatermarkPayload;
import dev.verisim.provenance.watermark.Watermarker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * The "spot the fake" quiz: pairs of a real photo and a generated face, sides at random; the answer
 * names the fake and what verisim's models saw in it. Both faces are shown at the generator's size
 * so the size gives nothing away. The generated face is labelled (watermark and XMP) like
 * everything verisim generates; the models explain its pixels without the label.
 */
public final class SpotTheFake {
  /** Side of both faces, in pixels. */
  public static final int SIZE = 64;

  /** Pairs kept for answering; the oldest is forgotten first. */
  public static final int MAX_OPEN_PAIRS = 2_000;

  /** At least this long between two new pairs (all clients together): generating costs CPU. */
  public static final long MIN_NANOS_BETWEEN_PAIRS = 50_000_000L;

  private final FaceSource real;
  private final FaceSource fake;
  private final Detector detector;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pair> open =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pair> eldest) {
          return size() > MAX_OPEN_PAIRS;
        }
      };
  private long lastPairNanos = Long.MIN_VALUE / 2;

  /**
   * @param real photographs (the operator's folder)
   * @param fake generated faces
   * @param detector explains the fake in the answer
   */
  public SpotTheFake(FaceSource real, FaceSource fake, Detector detector) {
    this.real = Objects.requireNonNull(real, "real");
    this.fake = Objects.requireNonNull(fake, "fake");
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /** A pair on the page: which side is fake stays on the server. */
  public record Pair(String id, String fakeSide, byte[] left, byte[] right, byte[] fakeUnlabelled) {
    public byte[] image(String side) {
      return side.equals("left") ? left : right;
    }
  }

  /** The answer to a choice. */
  public record Answer(boolean correct, String fakeSide, List<CueEvidence> cues) {}

  /** A new pair, or empty when pairs are asked for faster than {@link #MIN_NANOS_BETWEEN_PAIRS}. */
  public Optional<Pair> next() throws IOException {
    long now = System.nanoTime();
    synchronized (open) {
      if (now - lastPairNanos < MIN_NANOS_BETWEEN_PAIRS) {
        return Optional.empty();
      }
      lastPairNanos = now;
    }
    BufferedImage photo = square(real.face(random.nextLong()));
    long seed = random.nextLong();
    BufferedImage generated = square(fake.face(seed));
    // Labelled like everything verisim generates; the serial is random, the pair's id records it.
    WatermarkPayload payload = new WatermarkPayload(0, random.nextInt(WatermarkPayload.MAX_SERIAL));
    byte[] labelled =
        LabelledImageWriter.png(
            Watermarker.withDefaultKey().embed(generated, payload),
            AiLabel.generated("verisim spot-the-fake quiz").withGenerator(fake.describe()));
    byte[] photoPng = png(photo);
    String fakeSide = random.nextBoolean() ? "left" : "right";
    String id = UUID.randomUUID().toString();
    Pair pair =
        fakeSide.equals("left")
            ? new Pair(id, fakeSide, labelled, photoPng, png(generated))
            : new Pair(id, fakeSide, photoPng, labelled, png(generated));
    synchronized (open) {
      open.put(id, pair);
    }
    return Optional.of(pair);
  }

  /** The pair with this id, if it is still open. */
  public Optional<Pair> pair(String id) {
    synchronized (open) {
      return Optional.ofNullable(open.get(id));
    }
  }

  /**
   * Checks a choice and closes the pair.
   *
   * @return empty when the pair is unknown or was answered already
   */
  public Optional<Answer> answer(String id, String choice) {
    Pair pair;
    synchronized (open) {
      pair = open.remove(id);
    }
    if (pair == null) {
      return Optional.empty();
    }
    Verdict v = detector.detect(pair.fakeUnlabelled(), "quiz-fake.png");
    List<CueEvidence> cues =
        v.cues().stream().filter(c -> !c.name().equals(ProvenanceReader.CUE)).toList();
    return Optional.of(new Answer(pair.fakeSide().equals(choice), pair.fakeSide(), cues));
  }

  private static BufferedImage square(BufferedImage face) {
    return face.getWidth() == SIZE && face.getHeight() == SIZE
        ? face
        : Degradations.resize(face, SIZE, SIZE);
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }
}
