package org.uploadpipeline.gateway.session;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * Refuses the handshake (503) only when this instance holds its maximum of connections or is shutting down (draining
 * its sessions), and otherwise takes what {@link ViewerUpgradeFilter} read from the request into the session: the
 * upload id (or that it is a board), the resume point, and the verified principal or why the token was refused. A
 * bad token does not refuse the handshake: the refusal is explained with an {@code error} message and a close code
 * the client can act on.
 */
final class ViewerHandshakeInterceptor implements HandshakeInterceptor {

  static final String UPLOAD_ID = "viewer.uploadId";
  static final String PRINCIPAL = "viewer.principal";
  static final String AUTH_FAILURE = "viewer.authFailure";
  static final String LAST_SEQ = "viewer.lastSeq";
  /** Set on a tenant board's handshake ({@code /ws/uploads/}). */
  static final String BOARD = "viewer.board";

  private static final String[] TAKEN = {UPLOAD_ID, PRINCIPAL, AUTH_FAILURE, LAST_SEQ, BOARD};

  private final IntSupplier openConnections;
  private final int maxConnections;
  private final BooleanSupplier draining;
  private final RefusalLog refusals;

  ViewerHandshakeInterceptor(
      IntSupplier openConnections, int maxConnections, BooleanSupplier draining, RefusalLog refusals) {
    this.openConnections = openConnections;
    this.maxConnections = maxConnections;
    this.draining = draining;
    this.refusals = refusals;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    // A clean, immediate refusal: a client or load balancer can try elsewhere instead of waiting on a full backlog.
    if (draining.getAsBoolean()) {
      HandshakeRefusal.answer(response, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
          "this gateway instance is shutting down: connect again (to another instance)", refusals);
      return false;
    }
    if (openConnections.getAsInt() >= maxConnections) {
      HandshakeRefusal.answer(response, HttpStatus.SERVICE_UNAVAILABLE, "sessions_full",
          "this gateway instance holds its maximum of " + maxConnections + " viewer connections "
              + "(GATEWAY_MAX_SESSIONS): try again later or another instance", refusals);
      return false;
    }
    HttpServletRequest servlet = ((ServletServerHttpRequest) request).getServletRequest();
    for (String name : TAKEN) {
      Object value = servlet.getAttribute(name);
      if (value != null) {
        attributes.put(name, value);
      }
    }
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
