package dev.verisim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
  @Test
  void aTerminalGetsAFinalFullBarOnItsOwnLine() {
    StringWriter err = new StringWriter();
    TerminalProgress p = new TerminalProgress(new PrintWriter(err, true), true);
    p.start("detect", 4);
    p.step(4);
    p.end();
    String s = err.toString();
    assertTrue(s.contains("[##############################] 4/4"), s);
    assertTrue(s.startsWith("\r") && s.endsWith(System.lineSeparator()), s);
  }

  @Test
  void aPipeGetsNoCarriageReturnsAndNothingAtTheEnd() {
    StringWriter err = new StringWriter();
    TerminalProgress p = new TerminalProgress(new PrintWriter(err, true), false);
    p.start("detect", -1);
    p.step(1);
    p.end();
    assertEquals("", err.toString(), "lines only every ten seconds, none at the end");
  }
}
