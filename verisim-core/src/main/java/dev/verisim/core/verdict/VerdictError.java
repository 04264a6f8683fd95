package dev.verisim.core.verdict;

import dev.verisim.core.ErrorCode;
import java.util.Objects;

/** Why an input has an {@code error} verdict: a stable code and a message naming the reason. */
public record VerdictError(ErrorCode code, String message) {
  public VerdictError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
