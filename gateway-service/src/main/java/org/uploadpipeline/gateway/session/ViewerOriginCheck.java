package org.uploadpipeline.gateway.session;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * Spring's origin check of the handshake (same-origin, or an origin matching
 * {@code gateway.websocket.allowed-origin-patterns}; a request without {@code Origin} is not a browser's and passes),
 * with a refusal that says which origin and how to allow it instead of a bare {@code 403}.
 */
final class ViewerOriginCheck extends OriginHandshakeInterceptor {

  private final RefusalLog refusals;

  ViewerOriginCheck(List<String> allowedOriginPatterns, RefusalLog refusals) {
    this.refusals = refusals;
    setAllowedOriginPatterns(allowedOriginPatterns);
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes)
      throws Exception {
    if (super.beforeHandshake(request, response, handler, attributes)) {
      return true;
    }
    HandshakeRefusal.answer(
        response,
        HttpStatus.FORBIDDEN,
        "origin_not_allowed",
        ApiErrors.originNotAllowed(request.getHeaders().getOrigin(), getAllowedOriginPatterns()),
        refusals);
    return false;
  }
}
