package org.uploadpipeline.gateway.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.auth.InvalidTokenException;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.auth.TokenVerifier;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The viewer endpoint {@code /ws/processing/{uploadId}/}: authenticate (handshake token or first message), then the
 * latest state at once and every newer one, for one upload of a tenant the token grants.
 */
class ProcessingWebSocketHandler extends TextWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(ProcessingWebSocketHandler.class);
  private static final String VIEWER = "viewer.session";
  /** Tomcat's per-session bound on one blocking send; without it a stalled socket could hold a sender thread 20 s. */
  private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  private final TokenVerifier verifier;
  private final SnapshotStore store;
  private final SessionRegistry registry;
  private final GatewayProperties.WebSocket limits;
  private final Executor sender;
  private final ScheduledExecutorService timers;

  ProcessingWebSocketHandler(
      TokenVerifier verifier,
      SnapshotStore store,
      SessionRegistry registry,
      GatewayProperties.WebSocket limits,
      Executor sender,
      ScheduledExecutorService timers) {
    this.verifier = verifier;
    this.store = store;
    this.registry = registry;
    this.limits = limits;
    this.sender = sender;
    this.timers = timers;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    boundBlockingSends(session);
    WebSocketSession socket =
        new ConcurrentWebSocketSessionDecorator(
            session, (int) limits.sendTimeLimit().toMillis(), (int) limits.sendBufferSize().toBytes());
    String uploadId = (String) session.getAttributes().get(ViewerHandshakeInterceptor.UPLOAD_ID);
    long lastSeq = (Long) session.getAttributes().getOrDefault(ViewerHandshakeInterceptor.LAST_SEQ, 0L);
    ViewerSession viewer = new ViewerSession(socket, uploadId, lastSeq, sender);
    session.getAttributes().put(VIEWER, viewer);
    // The token is needed once: keep it out of the long-lived session attributes.
    String token = (String) session.getAttributes().remove(ViewerHandshakeInterceptor.TOKEN);
    if (token != null) {
      authenticate(viewer, token);
      return;
    }
    viewer.setTimer(
        timers.schedule(
            () -> {
              if (!viewer.isAuthenticated()) {
                viewer.closeWith(CloseCodes.UNAUTHORIZED, "Unauthorized", "no authenticate message in time");
              }
            },
            limits.authTimeout().toMillis(),
            TimeUnit.MILLISECONDS));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().get(VIEWER);
    if (viewer == null) {
      return;
    }
    JsonNode request;
    try {
      request = ProtocolJson.mapper().readTree(message.getPayload());
    } catch (JacksonException e) {
      viewer.send(ServerMessages.error(viewer.uploadId(), "Invalid message", "not valid JSON"));
      return;
    }
    String type = request.path("type").asString("");
    switch (type) {
      case "authenticate" -> {
        if (viewer.isAuthenticated()) {
          viewer.send(ServerMessages.error(viewer.uploadId(), "Invalid message", "already authenticated"));
        } else {
          JsonNode token = request.get("token");
          authenticate(viewer, token != null && token.isString() ? token.asString() : null);
        }
      }
      case "ping" -> viewer.send(ServerMessages.pong(viewer.uploadId(), request.get("timestamp")));
      default -> viewer.send(ServerMessages.error(viewer.uploadId(), "Invalid message", "unknown message type"));
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().get(VIEWER);
    if (viewer != null) {
      viewer.markClosed();
      registry.unregister(viewer);
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Transport error on viewer session {}: {}", session.getId(), exception.toString());
  }

  private void authenticate(ViewerSession viewer, String token) {
    Principal principal;
    try {
      principal = verifier.verify(token);
    } catch (InvalidTokenException e) {
      viewer.closeWith(CloseCodes.UNAUTHORIZED, "Unauthorized", e.getMessage());
      return;
    }
    if (!viewer.authenticate(principal)) {
      return;
    }
    String uploadId = viewer.uploadId();
    if (!ViewerHandshakeInterceptor.isValidUploadId(uploadId)) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "not a valid upload id");
      return;
    }
    // Register before the lookup: a snapshot that lands in between then reaches the session through the listener.
    registry.register(viewer);
    store.latest(uploadId).ifPresent(viewer::offer);
    if (!viewer.isKnown()) {
      viewer.setTimer(
          timers.schedule(
              () -> giveUpIfStillUnknown(viewer), limits.unknownUploadWait().toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private void giveUpIfStillUnknown(ViewerSession viewer) {
    if (viewer.isKnown()) {
      return;
    }
    store.latest(viewer.uploadId()).ifPresent(viewer::offer);
    if (!viewer.isKnown()) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "no upload with this id appeared in time");
    }
  }

  private void boundBlockingSends(WebSocketSession session) {
    if (session instanceof org.springframework.web.socket.adapter.NativeWebSocketSession nativeSession) {
      jakarta.websocket.Session jakartaSession = nativeSession.getNativeSession(jakarta.websocket.Session.class);
      if (jakartaSession != null) {
        jakartaSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, limits.sendTimeLimit().toMillis());
      }
    }
  }
}
