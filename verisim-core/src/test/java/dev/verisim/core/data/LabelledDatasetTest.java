package dev.verisim.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDatasetTest {
  @TempDir Path root;

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void labelsFromFolderNamesWithSourcesAndStableOrder() throws IOException {
    write("setB/fake/x/2.jpg", "b2");
    write("setA/real/1.jpg", "a1");
    write("setA/fake/1.jpg", "af");
    write("setA/notes.txt", "unlabelled");
    write("setA/real/.hidden.jpg", "hidden");
    LabelledDataset d = LabelledDataset.scan(root);
    List<String> rels = d.items().stream().map(LabelledDataset.Item::relativePath).toList();
    assertEquals(List.of("setA/fake/1.jpg", "setA/real/1.jpg", "setB/fake/x/2.jpg"), rels);
    assertEquals(List.of(1, 0, 1), d.items().stream().map(LabelledDataset.Item::label).toList());
    assertEquals("setB", d.items().get(2).source());
    assertEquals(2, d.fakes());
  }

  @Test
  void hashChangesWhenAFileChanges() throws IOException {
    write("s/real/1.jpg", "one");
    String before = LabelledDataset.scan(root).sha256();
    assertEquals(before, LabelledDataset.scan(root).sha256());
    write("s/real/1.jpg", "two");
    assertNotEquals(before, LabelledDataset.scan(root).sha256());
  }

  @Test
  void aMissingFolderIsNamed() {
    IOException e =
        assertThrows(IOException.class, () -> LabelledDataset.scan(root.resolve("nope")));
    assertEquals(true, e.getMessage().contains("nope"));
  }
}
