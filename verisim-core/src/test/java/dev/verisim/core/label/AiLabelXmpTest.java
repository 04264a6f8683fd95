package dev.verisim.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AiLabelXmpTest {
  private static final String URI =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  @Test
  void xmpCarriesTheFullIptcUriAndTheCreatorTool() {
    String xmp = AiLabel.generated("verisim 0.1.0").toXmp();

    assertTrue(xmp.startsWith("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"), xmp);
    assertTrue(xmp.endsWith("<?xpacket end=\"w\"?>"), xmp);
    assertTrue(
        xmp.contains("<Iptc4xmpExt:DigitalSourceType>" + URI + "</Iptc4xmpExt:DigitalSourceType>"),
        xmp);
    assertTrue(xmp.contains("<xmp:CreatorTool>verisim 0.1.0</xmp:CreatorTool>"), xmp);
  }

  @Test
  void everyFieldSurvivesTheXmp() {
    AiLabel label =
        AiLabel.generated("verisim 0.1.0")
            .withGenerator("verisim-gan/faces-64")
            .withSeed(-9_007_199_254_740_993L)
            .withCreated(Instant.parse("2025-03-04T05:06:07.123Z"))
            .withExtra("prompt", "a cat\non a mat")
            .withExtra("steps", "30");

    Optional<AiLabel> back = AiLabel.fromXmp(label.toXmp());

    assertEquals(Optional.of(label), back);
    assertTrue(back.orElseThrow().declaresAiGeneration());
  }

  @Test
  void markupInTheCreatorToolIsEscapedAndReadBackVerbatim() {
    String tool = "verisim <&\"> 'x'\r\n</xmp:CreatorTool><evil/>";
    AiLabel label = AiLabel.generated(tool);

    String xmp = label.toXmp();

    assertFalse(xmp.contains("<&"), xmp);
    assertFalse(xmp.contains("<evil/>"), xmp);
    assertTrue(xmp.contains("verisim &lt;&amp;&quot;&gt; &apos;x&apos;&#13;\n&lt;/xmp:"), xmp);
    assertEquals(tool, AiLabel.fromXmp(xmp).orElseThrow().creatorTool());
  }

  @Test
  void bareTermsAndIptcUrisBothReduceToTheTerm() {
    AiLabel fromUri = new AiLabel(URI, null, null, null, null, Map.of());
    AiLabel fromHttps =
        new AiLabel(URI.replace("http:", "https:"), null, null, null, null, Map.of());
    AiLabel fromTerm =
        new AiLabel(AiLabel.TRAINED_ALGORITHMIC_MEDIA, null, null, null, null, Map.of());

    assertEquals(AiLabel.TRAINED_ALGORITHMIC_MEDIA, fromUri.digitalSourceType());
    assertEquals(fromTerm, fromUri);
    assertEquals(fromTerm, fromHttps);
    assertEquals(URI, fromTerm.digitalSourceTypeUri());
  }

  @Test
  void attributeFormXmpWithABareTermIsRead() {
    String xmp =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
            + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description"
            + " rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""
            + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
            + " Iptc4xmpExt:DigitalSourceType=\"compositeWithTrainedAlgorithmicMedia\""
            + " xmp:CreatorTool=\"Other Tool\"/></rdf:RDF></x:xmpmeta>\0\0";

    AiLabel label = AiLabel.fromXmp(xmp).orElseThrow();

    assertEquals(AiLabel.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, label.digitalSourceType());
    assertEquals("Other Tool", label.creatorTool());
    assertTrue(label.declaresAiGeneration());
  }

  @Test
  void aCameraSourceTypeIsReadButDoesNotDeclareAi() {
    AiLabel label =
        new AiLabel(
            "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
            null,
            null,
            null,
            null,
            Map.of());

    assertEquals(
        "digitalCapture", AiLabel.fromXmp(label.toXmp()).orElseThrow().digitalSourceType());
    assertFalse(label.declaresAiGeneration());
  }

  @Test
  void xmpWithoutDigitalSourceTypeOrMalformedGivesNothing() {
    String noType =
        AiLabel.generated("t").toXmp().replaceAll("<Iptc4xmpExt:DigitalSourceType>.*\n", "");
    assertTrue(AiLabel.fromXmp(noType).isEmpty(), noType);
    assertTrue(AiLabel.fromXmp("<x:xmpmeta><rdf:RDF <<< trainedAlgorithmicMedia").isEmpty());
    assertTrue(AiLabel.fromXmp("").isEmpty());
  }

  @Test
  void doctypeIsRefusedSoEntitiesAreNeverExpanded() {
    String xmp =
        "<!DOCTYPE x [<!ENTITY e \"trainedAlgorithmicMedia\">]>"
            + AiLabel.generated("t").toXmp().replace("verisim", "x").replace(">t<", ">&e;<");

    assertTrue(AiLabel.fromXmp(xmp).isEmpty());
  }

  @Test
  void invalidFieldsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> AiLabel.generated("bell\u0007"));
    assertThrows(IllegalArgumentException.class, () -> AiLabel.generated("half \uD800"));
    assertThrows(
        IllegalArgumentException.class, () -> AiLabel.generated("t").withExtra("a b", "v"));
    assertThrows(
        IllegalArgumentException.class, () -> AiLabel.generated("t").withExtra("Seed", "1"));
    assertThrows(
        IllegalArgumentException.class, () -> AiLabel.generated("t").withExtra("xmlFoo", "1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AiLabel("not a term", null, null, null, null, Map.of()));
  }
}
