package org.uploadpipeline.gateway.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * A viewer handshake refused before the upgrade: logged, and answered with its HTTP status and the reason in words
 * ({@link ApiErrors}, like the API). A browser's WebSocket API cannot read the body, but its
 * developer tools, curl and every other client can.
 */
final class HandshakeRefusal {

  private HandshakeRefusal() {}

  static void answer(ServerHttpResponse response, HttpStatus status, String error, String message, RefusalLog log) {
    log.refused("viewer handshake", status.value() + " " + message);
    byte[] bytes = ApiErrors.json(error, message).getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().setContentLength(bytes.length);
    try {
      response.getBody().write(bytes);
    } catch (IOException e) {
      // The client went away: the status was all it could have had.
    }
  }
}
