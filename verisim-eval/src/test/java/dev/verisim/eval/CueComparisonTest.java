package dev.verisim.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.core.data.LabelledDataset.Item;
import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.core.verdict.ModelInfo;
import dev.verisim.core.verdict.ProvenanceSummary;
import dev.verisim.core.verdict.UncertainBand;
import dev.verisim.core.verdict.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CueComparisonTest {
  private static Verdict verdict(double gmmLlr, double cnnScore, double p) {
    return Verdict.analysed(
        "x",
        p,
        UncertainBand.DEFAULT,
        List.of(
            new CueEvidence("gmm", 0.5, "", Map.of("llr", gmmLlr)),
            new CueEvidence("cnn", cnnScore, "", Map.of())),
        ProvenanceSummary.ABSENT,
        new ModelInfo("m", "1"),
        0);
  }

  @Test
  void eerAndAucOfATinyKnownList() {
    // labels:        0    0    0    1    1    1
    // gmm llr:      -3   -2   -1    1    2    3   -> perfect: EER 0, AUC 1
    // cnn score:    .1   .2   .7   .6   .8   .9   -> one real above one fake: EER 1/3, AUC 8/9
    // p_fake:       .9   .8   .7   .3   .2   .1   -> inverted: EER 1, AUC 0
    double[] llr = {-3, -2, -1, 1, 2, 3};
    double[] cnn = {.1, .2, .7, .6, .8, .9};
    double[] p = {.9, .8, .7, .3, .2, .1};
    List<Item> items = new ArrayList<>();
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(new Item(Path.of("f" + i), "src/f" + i, i % 2 == 0 ? "a" : "b", i < 3 ? 0 : 1));
      verdicts.add(verdict(llr[i], cnn[i], p[i]));
    }
    List<CueComparison.Row> rows = CueComparison.rows(items, verdicts, List.of("gmm:llr", "cnn"));
    CueComparison.Row all = rows.get(0);
    assertEquals("all", all.group());
    assertEquals(List.of("gmm", "cnn", CueComparison.FUSED), all.scorers());
    assertEquals(3, all.real());
    assertEquals(3, all.fake());
    assertEquals(0.0, all.eer().get(0), 1e-12);
    assertEquals(1.0, all.auc().get(0), 1e-12);
    assertEquals(1 / 3.0, all.eer().get(1), 1e-12);
    assertEquals(8 / 9.0, all.auc().get(1), 1e-12);
    assertEquals(1.0, all.eer().get(2), 1e-12);
    assertEquals(0.0, all.auc().get(2), 1e-12);
    assertEquals(List.of("all", "a", "b"), rows.stream().map(CueComparison.Row::group).toList());
    assertEquals(2, rows.get(1).real()); // source a: f0, f2 real, f4 fake
    assertEquals(1, rows.get(1).fake());
  }
}
