package dev.verisim.server;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where the quiz's faces come from: a folder of photos, or a generator. */
public interface FaceSource {
  /**
   * A face, square, as {@link BufferedImage#TYPE_INT_RGB}.
   *
   * @param pick a number that chooses the face (a seed, or an index modulo the folder's size)
   */
  BufferedImage face(long pick) throws IOException;

  /** What the faces are, for logs and errors. */
  String describe();
}
