package org.uploadpipeline.gateway.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.uploadpipeline.protocol.ProtocolJson;

/** The API's error body, {@code {"error", "message"}}, written where no controller answers (security, CORS). */
final class ApiErrors {

  private ApiErrors() {}

  static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    var body = ProtocolJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("message", message);
    response.getWriter().write(ProtocolJson.mapper().writeValueAsString(body));
  }
}
