package dev.verisim.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches the routes (a malformed or ambiguous URI
 * such as {@code /../x}, headers too large), as problem+json too instead of Jetty's HTML page.
 */
final class JettyProblems extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb) {
    String name =
        switch (code) {
          case 400 -> "bad-request";
          case 404 -> "route-not-found";
          case 413 -> "payload-too-large";
          case 414, 431 -> "request-too-large";
          default -> code >= 500 ? "internal" : "http-error";
        };
    String reason = HttpStatus.getMessage(code);
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    Problem p =
        new Problem(
            "urn:verisim:problem:" + name,
            reason,
            code,
            message == null || message.isBlank() ? reason : message,
            path == null ? "/" : path);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(p.toJson().getBytes(StandardCharsets.UTF_8)), cb);
  }
}
