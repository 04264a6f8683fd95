package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.core.media.MediaKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under a directory, the walk finds the kinds of media it is asked for, by name or by bytes. */
class InputWalkerMediaKindsTest {
  @TempDir Path dir;

  private List<String> names(InputWalker walker) {
    List<String> names = new ArrayList<>();
    walker.forEach(i -> names.add(i.file().getFileName().toString()));
    return names;
  }

  @Test
  void imagesByDefaultEveryKindWhenAsked() throws Exception {
    Files.write(dir.resolve("a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    Files.write(dir.resolve("b.mp4"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("c.bin"), "\0\0\0\u0020ftypisom".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(dir.resolve("d.wav"), new byte[] {1});
    Files.write(dir.resolve("e.raw"), "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("f.txt"), "notes", StandardCharsets.UTF_8);
    String arg = dir.toString();
    assertEquals(List.of("a.png"), names(new InputWalker(List.of(arg), false)));
    assertEquals(
        List.of("a.png", "b.mp4", "c.bin", "d.wav", "e.raw"),
        names(new InputWalker(List.of(arg), false, EnumSet.allOf(MediaKind.class))));
    assertEquals(
        List.of("b.mp4", "c.bin"),
        names(new InputWalker(List.of(arg), false, Set.of(MediaKind.VIDEO))));
  }
}
