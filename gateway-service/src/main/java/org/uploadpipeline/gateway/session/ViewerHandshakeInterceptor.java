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
  /** The place a connection without a valid token holds until it authenticates ({@link PreAuthLimits.Slot}). */
  static final String PRE_AUTH_SLOT = "viewer.preAuthSlot";

  private static final String[] TAKEN = {UPLOAD_ID, PRINCIPAL, AUTH_FAILURE, LAST_SEQ, BOARD, PRE_AUTH_SLOT};

  private final IntSupplier openConnections;
  private final int maxConnections;
  private final BooleanSupplier draining;
  private final RefusalLog refusals;
  private final PreAuthLimits preAuth;
  private final String clientAddressHeader;

  ViewerHandshakeInterceptor(
      IntSupplier openConnections,
      int maxConnections,
      BooleanSupplier draining,
      RefusalLog refusals,
      PreAuthLimits preAuth,
      String clientAddressHeader) {
    this.openConnections = openConnections;
    this.maxConnections = maxConnections;
    this.draining = draining;
    this.refusals = refusals;
    this.preAuth = preAuth;
    this.clientAddressHeader = clientAddressHeader;
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
    if (servlet.getAttribute(PRINCIPAL) == null) {
      PreAuthLimits.Admission admission = preAuth.admit(clientAddress(servlet), System.nanoTime());
      if (!admission.admitted()) {
        HttpStatus status = "handshake_rate".equals(admission.refusal())
            ? HttpStatus.TOO_MANY_REQUESTS
            : HttpStatus.SERVICE_UNAVAILABLE;
        HandshakeRefusal.answer(response, status, admission.refusal(), admission.reason(), refusals);
        return false;
      }
      servlet.setAttribute(PRE_AUTH_SLOT, admission.slot());
    }
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
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
    if (exception != null
        && ((ServletServerHttpRequest) request).getServletRequest().getAttribute(PRE_AUTH_SLOT)
            instanceof PreAuthLimits.Slot slot) {
      slot.release(); // no connection came of it
    }
  }

  /**
   * The client's address: the connection's peer, or, behind a trusted proxy that is configured to set it, the
   * right-most entry of its header (the one the proxy itself saw; entries left of it are what the client claimed).
   */
  private String clientAddress(HttpServletRequest servlet) {
    if (!clientAddressHeader.isEmpty()) {
      String forwarded = servlet.getHeader(clientAddressHeader);
      if (forwarded != null && !forwarded.isBlank()) {
        String[] entries = forwarded.split(",");
        return entries[entries.length - 1].trim();
      }
    }
    return servlet.getRemoteAddr();
  }
}
