package dev.verisim.detect.audio;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.verisim.detect.learned.CnnNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The audio CNN: over a patch of {@code bands x frames} normalised log linear-filterbank energies
 * (the LFCC front end before its DCT), a few stages of 3x3 convolution, batch norm, ReLU and 2x2
 * max pooling, then global average pooling and one linear unit, the logit of "spoof". Small on
 * purpose (tens of thousands of weights): the training data are a few hundred clips.
 */
final class AudioCnn {
  private AudioCnn() {}

  /** The same convolutional stack as the face network's ({@link CnnNetwork#build(List)}). */
  static Block build(List<Integer> widths) {
    return CnnNetwork.build(widths);
  }

  static Shape inputShape(int batch, int bands, int frames) {
    return new Shape(batch, 1, bands, frames);
  }

  /** Logits of patches {@code [n][bands * frames]} (band-major), in inference mode. */
  static float[] logits(Model model, float[][] patches, int bands, int frames) {
    float[] out = new float[patches.length];
    int batch = 32;
    for (int from = 0; from < patches.length; from += batch) {
      int n = Math.min(batch, patches.length - from);
      float[] x = new float[n * bands * frames];
      for (int b = 0; b < n; b++) {
        System.arraycopy(patches[from + b], 0, x, b * bands * frames, bands * frames);
      }
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray xs = m.create(x, inputShape(n, bands, frames));
        float[] l =
            model
                .getBlock()
                .forward(new ParameterStore(m, false), new NDList(xs), false)
                .singletonOrThrow()
                .toFloatArray();
        System.arraycopy(l, 0, out, from, n);
      }
    }
    return out;
  }

  static byte[] save(Block block) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    }
    return bytes.toByteArray();
  }

  /** A model holding a network with the given parameters; close it to free native memory. */
  static Model load(List<Integer> widths, int bands, int frames, byte[] params, String name)
      throws IOException {
    Model model = Model.newInstance(name, "PyTorch");
    try {
      Block block = build(widths);
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(1, bands, frames));
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
        block.loadParameters(model.getNDManager(), in);
      } catch (ai.djl.MalformedModelException | RuntimeException e) {
        throw new IOException(name + ": the network's parameters do not load: " + e, e);
      }
      model.setBlock(block);
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
