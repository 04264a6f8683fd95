package dev.verisim.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verisim.cli.EvalData;
import dev.verisim.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verisim eval --report}: a self-contained page with both plots and escaped names. */
class EvalHtmlReportTest {
  private static final String HOSTILE_SOURCE = "<script>alert('x')</script>&set";

  @TempDir Path dir;

  @Test
  void pageIsSelfContainedWithPlotsAndEscapedNames() throws Exception {
    Path data = dir.resolve("data");
    EvalData.write(data, HOSTILE_SOURCE, 2);
    Files.write(data.resolve(HOSTILE_SOURCE).resolve("fake/<bad>.jpg"), new byte[] {1, 2, 3});
    Path page = dir.resolve("eval.html");
    int code =
        Main.execute(
            new String[] {
              "eval", "--data", data.toString(), "--report", page.toString(), "--no-progress"
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(new StringWriter(), true));
    assertEquals(1, code, "the broken file makes exit 1, and the page is still written");
    assertTrue(Files.exists(page));
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertFalse(html.contains("<script"), "no script element, the source name is escaped");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;set"));
    assertTrue(html.contains("fake/&lt;bad&gt;.jpg"), "the unanalysable file is listed, escaped");
    assertFalse(html.contains("http:") || html.contains("https:"), "no URL at all");

    Document doc = Jsoup.parse(html);
    assertEquals(0, doc.select("script, img, link, [src], [href]").size());
    assertEquals(2, doc.select("svg").size(), "ROC curve and reliability diagram");
    assertEquals(1, doc.select("svg polyline").size(), "the ROC curve");
    assertTrue(doc.select("svg").get(1).select("rect").size() > 1, "reliability bars");
    assertTrue(doc.text().contains("AUC"));
    assertTrue(doc.text().contains(HOSTILE_SOURCE), "the source row, as text");
  }
}
