package org.uploadpipeline.gateway.session;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.uploadpipeline.gateway.RefusalLog;
import org.uploadpipeline.protocol.ProtocolJson;

/**
 * A viewer handshake refused before the upgrade: logged, and answered with its HTTP status and the reason in words
 * ({@code {"error": ..., "message": ...}}, like the API). A browser's WebSocket API cannot read the body, but its
 * developer tools, curl and every other client can.
 */
final class HandshakeRefusal {

  private HandshakeRefusal() {}

  static void answer(ServerHttpResponse response, HttpStatus status, String error, String message, RefusalLog log) {
    log.refused("viewer handshake", status.value() + " " + message);
    var body = ProtocolJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("message", message);
    byte[] bytes = ProtocolJson.mapper().writeValueAsBytes(body);
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
