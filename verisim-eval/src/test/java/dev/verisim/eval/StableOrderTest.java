package dev.verisim.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.core.data.LabelledDataset;
import dev.verisim.core.data.LabelledDataset.Item;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StableOrderTest {
  @Test
  void resultsKeepTheDatasetsOrderWhateverTheThreads() throws InterruptedException {
    List<Item> items = new ArrayList<>();
    Map<String, Double> p = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String rel = "s/" + (i % 2 == 0 ? "real" : "fake") + "/" + i + ".png";
      items.add(new Item(Path.of(rel), rel, "s", i % 2 == 0 ? 0 : 1));
      p.put(rel, (i * 37 % 101) / 100.0);
    }
    LabelledDataset data = new LabelledDataset(Path.of("."), items);
    List<Evaluation.Scored> scored =
        Evaluation.builder().setDetector(new StubDetector(p)).optThreads(4).build().score(data);
    assertEquals(items, scored.stream().map(Evaluation.Scored::item).toList());
    for (Evaluation.Scored s : scored) {
      assertEquals(p.get(s.item().relativePath()), s.pFake(), 0.0);
    }
  }
}
