package dev.verisim.cli;

import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.ModelFolder;
import dev.verisim.detect.ProvenanceReader;
import dev.verisim.provenance.watermark.Watermarker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --model} and {@code --uncertain-band}, shared by the commands that run a detector, and the
 * one place that turns them into one. Every problem with them is a usage error (exit 2) found
 * before any work starts.
 */
public final class ForensicModelOptions {
  private static final String TORCH_THREADS = "ai.djl.pytorch.num_threads";

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "A model folder (or its model.json) made by 'verisim fusion fit', for example"
              + " models/forensic-fusion for the cues without the network (default: the shipped"
              + " verisim-face model, CNN and cues fused).")
  Path model;

  @Option(
      names = "--uncertain-band",
      paramLabel = "LOW,HIGH",
      description =
          "p_fake in [LOW,HIGH] is 'uncertain' (default: the band stored with the model, chosen"
              + " on its validation data).")
  String band;

  @Option(
      names = "--trust-anchors",
      paramLabel = "PEM",
      description =
          "Root certificates (PEM) whose Content Credentials count as 'valid'; others with a good"
              + " signature are 'valid-untrusted' (default: none).")
  Path trustAnchors;

  @Option(
      names = "--watermark-search",
      paramLabel = "full|aligned",
      defaultValue = "full",
      description =
          "How far to look for verisim's watermark before the models: full (default) also finds"
              + " resized and rotated copies; aligned only untouched, re-encoded, cropped and"
              + " brightness-edited ones, and is faster on unmarked images.")
  String watermarkSearch;

  /**
   * The detector these options describe, with the given input limits; close it after use.
   *
   * @param explain compute the learned cue's occlusion heatmap (for --heatmaps and --report)
   */
  ForensicDetector detector(CommandSpec spec, ImageLimits limits, boolean explain) {
    UncertainBand uncertainBand = null;
    if (band != null) {
      try {
        uncertainBand = UncertainBand.parse(band);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    // Detection runs one image per core already; PyTorch's own threads on top of that spin-wait
    // for busy cores (measured in bench/README.md: up to 40x slower per image). One per call.
    if (System.getProperty(TORCH_THREADS) == null) {
      System.setProperty(TORCH_THREADS, "1");
    }
    ModelFolder.Loaded loaded;
    if (model == null) {
      try {
        loaded = ModelFolder.loadDefault(explain);
      } catch (IOException e) {
        // The shipped model is part of the build: its absence is a packaging bug.
        throw new UncheckedIOException(e);
      }
    } else {
      try {
        loaded = ModelFolder.load(model, explain);
      } catch (IOException | RuntimeException e) {
        throw new ParameterException(
            spec.commandLine(), "cannot read model " + model + ": " + e.getMessage(), e);
      }
    }
    ForensicDetector.Builder builder =
        ForensicDetector.builder()
            .setFusion(loaded.fusion())
            .optCues(loaded.cues())
            .optLimits(limits);
    if (uncertainBand != null) {
      builder.optBand(uncertainBand);
    }
    builder.optProvenance(
        ProvenanceReader.builder()
            .optAnchors(TrustOption.anchors(spec, "--trust-anchors", trustAnchors))
            .optWatermarkSearch(
                GanCommand.choice(
                    spec, "--watermark-search", watermarkSearch, Watermarker.Search.class))
            .build());
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--model " + model + ": " + e.getMessage(), e);
    }
  }

  /** Refuses an output file whose folder is missing or read-only, before the work that fills it. */
  static void requireWritableFolder(CommandSpec spec, Path file, String option) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new ParameterException(
          spec.commandLine(),
          "cannot write " + option + " " + file + ": its folder does not exist or is not writable");
    }
  }
}
