package dev.verisim.detect.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The config is validated when built and errors name the field and the value. */
class CnnConfigTest {
  private static void rejects(UnaryOperator<CnnConfig.Builder> change, String field, String value) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> change.apply(CnnConfig.builder()).build());
    assertTrue(
        e.getMessage().contains(field) && e.getMessage().contains(value),
        "message should name " + field + " and " + value + ": " + e.getMessage());
  }

  @Test
  void outOfRangeValuesAreRejectedNamingFieldAndValue() {
    rejects(b -> b.optInputSize(8), "inputSize", "8");
    rejects(b -> b.optWidths(List.of()), "widths", "[]");
    rejects(b -> b.optWidths(List.of(16, 0)), "widths", "0");
    rejects(b -> b.optInputSize(16).optWidths(List.of(4, 4, 4, 4, 4)), "inputSize", "16");
    rejects(b -> b.optEpochs(0), "epochs", "0");
    rejects(b -> b.optBatchSize(1), "batchSize", "1");
    rejects(b -> b.optLearningRate(0), "learningRate", "0.0");
    rejects(b -> b.optWeightDecay(-1), "weightDecay", "-1.0");
    rejects(b -> b.optValidationFraction(1), "validationFraction", "1.0");
    rejects(b -> b.optPatience(0), "patience", "0");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new CnnConfig.Augment(0, 0, 0, 1.5, 0, 0, 0));
    assertTrue(e.getMessage().contains("augment.blur") && e.getMessage().contains("1.5"));
  }

  @Test
  void defaultsAreValidAndSurviveAJsonRoundTrip() throws Exception {
    CnnConfig config = CnnConfig.defaults();
    assertEquals(96, config.inputSize());
    ObjectMapper mapper = new ObjectMapper();
    CnnConfig back = mapper.readValue(mapper.writeValueAsString(config), CnnConfig.class);
    assertEquals(config, back);
    assertEquals(config, config.toBuilder().build());
  }
}
