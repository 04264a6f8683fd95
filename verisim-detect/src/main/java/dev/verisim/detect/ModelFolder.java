package dev.verisim.detect;

import dev.verisim.detect.cue.Cue;
import dev.verisim.detect.fusion.FusionModel;
import dev.verisim.detect.learned.FaceCnnCue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector model as stored on disk: a folder with {@code model.json} (the fusion model, written
 * by {@code verisim fusion fit}) and, when the fusion uses the learned cue's {@value
 * FaceCnnCue#LOGIT}, the CNN run it was fitted with in {@code cnn/}. One folder is one model, so a
 * fusion can never be paired with a network it was not fitted on.
 *
 * <pre>
 * models/verisim-face/model.json        fusion weights, calibration, uncertain band
 * models/verisim-face/cnn/detector.json the network's config, epoch and temperature
 * models/verisim-face/cnn/checkpoints/cnn-NNNN.params
 * </pre>
 */
public final class ModelFolder {
  /** The subfolder that holds the CNN run. */
  public static final String CNN_FOLDER = "cnn";

  /** Classpath folder of the shipped default model (copied from the repository's models/). */
  public static final String DEFAULT_RESOURCE = "/verisim/models/verisim-face/";

  /**
   * A loaded model: the fusion and the cues it needs, in order. Close it (or the detector built
   * from it) to free the network's native memory.
   */
  public record Loaded(FusionModel fusion, List<Cue> cues) {
    public Loaded {
      cues = List.copyOf(cues);
    }
  }

  private ModelFolder() {}

  /**
   * Loads a model from its {@code model.json} or from the folder holding it.
   *
   * @param explain give the learned cue an occlusion heatmap (slower)
   * @throws IOException naming the file that is missing or invalid
   */
  public static Loaded load(Path modelJsonOrFolder, boolean explain) throws IOException {
    Path json =
        Files.isDirectory(modelJsonOrFolder)
            ? modelJsonOrFolder.resolve("model.json")
            : modelJsonOrFolder;
    if (!Files.isRegularFile(json)) {
      throw new IOException("no model at " + modelJsonOrFolder + ": " + json + " is missing");
    }
    FusionModel fusion = FusionModel.read(json);
    List<Cue> cues = new ArrayList<>(ForensicDetector.defaultCues());
    if (fusion.features().contains(FaceCnnCue.LOGIT)) {
      Path parent = json.toAbsolutePath().getParent();
      cues.add(FaceCnnCue.load(parent.resolve(CNN_FOLDER), explain));
    }
    return new Loaded(fusion, cues);
  }

  /** Loads the shipped default model from the classpath. */
  public static Loaded loadDefault(boolean explain) throws IOException {
    String json = DEFAULT_RESOURCE + "model.json";
    FusionModel fusion;
    try (InputStream in = ModelFolder.class.getResourceAsStream(json)) {
      if (in == null) {
        throw new IOException("the shipped model " + json + " is missing from the classpath");
      }
      fusion = FusionModel.read(in, json);
    }
    List<Cue> cues = new ArrayList<>(ForensicDetector.defaultCues());
    if (fusion.features().contains(FaceCnnCue.LOGIT)) {
      cues.add(FaceCnnCue.loadResource(DEFAULT_RESOURCE + CNN_FOLDER + "/", explain));
    }
    return new Loaded(fusion, cues);
  }
}
