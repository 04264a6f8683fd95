package dev.verisim.core.verdict;

import dev.verisim.core.ErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of analysing one input, as in DESIGN.md's verdict contract. Immutable.
 *
 * <p>Either {@code label} is real, fake or uncertain and {@code pFake} is present, or {@code label}
 * is {@link Label#ERROR}, {@code pFake} is empty and {@code error} says why.
 *
 * @param path the input as given (a directory argument joined with the file's path below it)
 * @param media the kind of media: "image", "video" or "audio"
 * @param label the verdict
 * @param pFake the calibrated probability that the input is fake
 * @param band the uncertain band the label was decided with
 * @param cues evidence, one entry per cue that ran
 * @param provenance labels the input carried
 * @param model the model that decided
 * @param elapsedMs wall time of the analysis, decoding included
 * @param error why the input could not be analysed
 * @param details media-specific fields (a video's faces and timeline, an audio's segments), written
 *     after the common ones
 */
public record Verdict(
    String path,
    String media,
    Label label,
    OptionalDouble pFake,
    UncertainBand band,
    List<CueEvidence> cues,
    ProvenanceSummary provenance,
    ModelInfo model,
    long elapsedMs,
    Optional<VerdictError> error,
    Optional<MediaDetails> details) {

  public Verdict {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(pFake, "pFake");
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(details, "details");
    if (details.isPresent() && !details.get().media().equals(media)) {
      throw new IllegalArgumentException(
          "details are for " + details.get().media() + ", the verdict for " + media);
    }
    cues = List.copyOf(cues);
    if ((label == Label.ERROR) != error.isPresent()
        || (label == Label.ERROR) == pFake.isPresent()) {
      throw new IllegalArgumentException(
          "an error verdict has an error and no p_fake; any other has p_fake and no error");
    }
  }

  /** A verdict for an analysed input: the label follows from {@code pFake} and the band. */
  public static Verdict analysed(
      String path,
      double pFake,
      UncertainBand band,
      List<CueEvidence> cues,
      ProvenanceSummary provenance,
      ModelInfo model,
      long elapsedMs) {
    if (!(pFake >= 0 && pFake <= 1)) {
      throw new IllegalArgumentException("p_fake must be in [0,1], got " + pFake);
    }
    return new Verdict(
        path,
        "image",
        band.classify(pFake),
        OptionalDouble.of(pFake),
        band,
        cues,
        provenance,
        model,
        elapsedMs,
        Optional.empty(),
        Optional.empty());
  }

  /** A verdict for an input that could not be analysed. */
  public static Verdict failed(
      String path,
      ErrorCode code,
      String message,
      UncertainBand band,
      ModelInfo model,
      long elapsedMs) {
    return new Verdict(
        path,
        "image",
        Label.ERROR,
        OptionalDouble.empty(),
        band,
        List.of(),
        ProvenanceSummary.ABSENT,
        model,
        elapsedMs,
        Optional.of(new VerdictError(code, message)),
        Optional.empty());
  }

  /** This verdict for another kind of media ("image", "video", "audio"), without details. */
  public Verdict withMedia(String newMedia) {
    return new Verdict(
        path,
        newMedia,
        label,
        pFake,
        band,
        cues,
        provenance,
        model,
        elapsedMs,
        error,
        Optional.empty());
  }

  /** This verdict with media-specific details; {@code media} becomes the details' media. */
  public Verdict withDetails(MediaDetails newDetails) {
    return new Verdict(
        path,
        newDetails.media(),
        label,
        pFake,
        band,
        cues,
        provenance,
        model,
        elapsedMs,
        error,
        Optional.of(newDetails));
  }

  /** This verdict with another wall time, for a caller that did more work around it. */
  public Verdict withElapsedMs(long newElapsedMs) {
    return new Verdict(
        path, media, label, pFake, band, cues, provenance, model, newElapsedMs, error, details);
  }

  /** The evidence of the named cue, if it ran. */
  public Optional<CueEvidence> cue(String name) {
    return cues.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
