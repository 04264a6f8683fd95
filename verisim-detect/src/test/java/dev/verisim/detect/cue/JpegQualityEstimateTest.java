package dev.verisim.detect.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verisim.core.verdict.CueEvidence;
import dev.verisim.testkit.SyntheticImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IJG quality read from the DQT marker matches the quality the JDK encoder was given. */
class JpegQualityEstimateTest {
  @ParameterizedTest
  @ValueSource(ints = {50, 75, 90, 30, 97})
  void qualityOfJdkEncodedImageIsRecovered(int quality) {
    CueEvidence evidence =
        new JpegCue()
            .analyse(
                CueImages.jpeg(SyntheticImages.naturalTexture(128, 96, quality), quality / 100f));
    assertEquals(quality, evidence.features().get(JpegCue.QUALITY), 3.0);
    assertEquals(1.0, evidence.features().get(JpegCue.IS_JPEG));
  }
}
