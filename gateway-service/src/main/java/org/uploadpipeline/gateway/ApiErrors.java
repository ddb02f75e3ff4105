package org.uploadpipeline.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.springframework.http.MediaType;
import org.uploadpipeline.protocol.ProtocolJson;

/**
 * The gateway's error body, {@code {"error", "message"}}, for refusals answered where no controller answers (security,
 * CORS, the WebSocket handshake, the demo endpoint), and the words of the refusals more than one of them gives.
 */
public final class ApiErrors {

  private ApiErrors() {}

  /** The body as JSON text. */
  public static String json(String error, String message) {
    var body = ProtocolJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("message", message);
    return ProtocolJson.mapper().writeValueAsString(body);
  }

  /** Answers with the status and the body. */
  public static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(error, message));
  }

  /** Why a browser origin is refused, by the handshake and the API alike, and how to allow it. */
  public static String originNotAllowed(String origin, Collection<String> allowedOriginPatterns) {
    String accepted = allowedOriginPatterns.isEmpty() ? "same-origin pages only" : allowedOriginPatterns.toString();
    return "browser origin " + RefusalLog.printable(origin) + " is not allowed: this gateway accepts " + accepted
        + "; list it in GATEWAY_ALLOWED_ORIGINS (gateway.websocket.allowed-origin-patterns)";
  }
}
