package dev.verisim.server;

import java.util.Map;

/** Thrown by a route to answer with a problem (and perhaps headers such as Retry-After). */
final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final transient Map<String, String> headers;

  ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  Problem problem() {
    return problem;
  }

  Map<String, String> headers() {
    return headers;
  }
}
