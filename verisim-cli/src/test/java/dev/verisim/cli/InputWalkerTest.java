package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputWalkerTest {
  @TempDir Path root;

  private static final byte[] PNG_MAGIC = {
    (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0
  };

  private void write(String rel, byte[] bytes) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  private List<String> names(List<String> args, boolean allFiles) {
    List<String> names = new ArrayList<>();
    new InputWalker(args, allFiles).forEach(i -> names.add(i.name()));
    return names;
  }

  @Test
  void walksSortedSkipsHiddenAndNonImagesAndNamesFilesUnderTheArgument() throws IOException {
    write("b/z.jpg", new byte[] {1});
    write("a/y.PNG", new byte[] {1});
    write("a/picture.dat", PNG_MAGIC); // an image by its bytes, whatever the name
    write("a/readme.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    write(".hidden/x.jpg", new byte[] {1});
    write("a/.x.jpg", new byte[] {1});
    String arg = root.toString();
    assertEquals(
        List.of(arg + "/a/picture.dat", arg + "/a/y.PNG", arg + "/b/z.jpg"),
        names(List.of(arg), false));
    assertEquals(4, names(List.of(arg), true).size(), "--all-files adds readme.txt");
  }

  @Test
  void filesNamedOnTheCommandLineAreAlwaysIncludedInArgumentOrder() throws IOException {
    write("notes.txt", new byte[] {1});
    write(".secret.jpg", new byte[] {1});
    String missing = root.resolve("missing.jpg").toString();
    List<String> args =
        List.of(
            root.resolve("notes.txt").toString(), missing, root.resolve(".secret.jpg").toString());
    assertEquals(args, names(args, false));
  }

  @Test
  void symbolicLinkLoopsAreVisitedOnce() throws IOException {
    write("d/img.jpg", new byte[] {1});
    Files.createSymbolicLink(root.resolve("d/loop"), root.resolve("d"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("d"));
    List<String> names = names(List.of(root.toString()), false);
    assertEquals(1, names.size(), names.toString());
    assertEquals(1, new InputWalker(List.of(root.toString()), false).count());
  }

  @Test
  void aTrailingSlashDoesNotDoubleTheSeparator() throws IOException {
    write("d/img.jpg", new byte[] {1});
    assertEquals(List.of(root + "/d/img.jpg"), names(List.of(root + "/d/"), false));
  }
}
