package dev.verisim.cli;

import dev.verisim.core.media.ImageLimits;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.detect.ForensicDetector;
import dev.verisim.detect.fusion.FusionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --model} and {@code --uncertain-band}, shared by the commands that run the forensic
 * detector, and the one place that turns them into a detector. Every problem with them is a usage
 * error (exit 2) found before any work starts.
 */
public final class ForensicModelOptions {
  @Option(
      names = "--model",
      paramLabel = "MODEL.json",
      description = "A fusion model fitted by 'verisim fusion fit' (default: the shipped model).")
  Path model;

  @Option(
      names = "--uncertain-band",
      paramLabel = "LOW,HIGH",
      description = "p_fake in [LOW,HIGH] is 'uncertain' (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.35,0.65")
  String band;

  /** The detector these options describe, with the given input limits. */
  ForensicDetector detector(CommandSpec spec, ImageLimits limits) {
    UncertainBand uncertainBand;
    try {
      uncertainBand = UncertainBand.parse(band);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    FusionModel fusion;
    if (model == null) {
      fusion = ForensicDetector.defaultFusion();
    } else {
      try {
        fusion = FusionModel.read(model);
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "cannot read model " + model + ": " + e.getMessage(), e);
      }
    }
    try {
      return ForensicDetector.builder()
          .setFusion(fusion)
          .optBand(uncertainBand)
          .optLimits(limits)
          .build();
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
