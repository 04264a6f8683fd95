package dev.verisim.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verisim.core.MediaException;
import dev.verisim.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's mixed folder means what it says: good files decode, bad ones fail as labelled. */
class MixedFolderTest {
  @Test
  void everyFileDecodesOrFailsAsExpected(@TempDir Path dir) throws Exception {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    List<Fixtures.FixtureFile> files = Fixtures.writeMixedFolder(dir);
    assertEquals(10, files.size());
    for (Fixtures.FixtureFile file : files) {
      String name = file.path().getFileName().toString();
      if (file.shouldDecode()) {
        StillImage image = decoder.decode(file.path(), name);
        assertEquals(Fixtures.WIDTH, image.width(), name);
        assertEquals(Fixtures.HEIGHT, image.height(), name);
      } else {
        MediaException e =
            assertThrows(MediaException.class, () -> decoder.decode(file.path(), name), name);
        assertEquals(file.expectedErrorCode(), e.code().id(), name + ": " + e.getMessage());
      }
    }
  }
}
