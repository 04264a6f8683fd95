package dev.verisim.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedLimitTest {
  private static LabelledDataset dataset() {
    List<LabelledDataset.Item> items = new ArrayList<>();
    // Sorted like scan(): a fakes-only source first, as in faces/gan-portraits.
    for (int i = 0; i < 5; i++) {
      items.add(item("gan/fake/" + i + ".jpg", "gan", 1));
    }
    for (int i = 0; i < 3; i++) {
      items.add(item("swap/fake/" + i + ".jpg", "swap", 1));
    }
    for (int i = 0; i < 4; i++) {
      items.add(item("swap/real/" + i + ".jpg", "swap", 0));
    }
    return new LabelledDataset(Path.of("data"), items);
  }

  private static LabelledDataset.Item item(String rel, String source, int label) {
    return new LabelledDataset.Item(Path.of("data", rel), rel, source, label);
  }

  @Test
  void takesInTurnFromEachSourceAndLabelKeepingTheOrder() {
    List<String> picked =
        dataset().firstBalanced(7).items().stream()
            .map(LabelledDataset.Item::relativePath)
            .toList();
    assertEquals(
        List.of(
            "gan/fake/0.jpg",
            "gan/fake/1.jpg",
            "gan/fake/2.jpg",
            "swap/fake/0.jpg",
            "swap/fake/1.jpg",
            "swap/real/0.jpg",
            "swap/real/1.jpg"),
        picked);
  }

  @Test
  void anExhaustedGroupLeavesItsTurnToTheOthers() {
    LabelledDataset d = dataset().firstBalanced(11);
    assertEquals(11, d.items().size());
    assertEquals(
        3, d.items().stream().filter(i -> i.source().equals("swap") && i.label() == 1).count());
    assertSame(dataset().items().size(), dataset().firstBalanced(100).items().size());
  }
}
