package dev.verisim.core;

import java.util.Objects;

/**
 * A checked failure caused by the input, not by verisim: the file is empty, too large, not an
 * image, truncated or corrupt. The CLI maps it to an {@code error} verdict and exit code 1; the
 * HTTP API to a problem+json response.
 */
public final class MediaException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public MediaException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public MediaException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
