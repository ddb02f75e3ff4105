package org.uploadpipeline.gateway.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.session.InboundLimiter.Assembly;
import org.uploadpipeline.gateway.session.InboundLimiter.Complete;
import org.uploadpipeline.gateway.session.InboundLimiter.TooLarge;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The viewer endpoint {@code /ws/processing/{uploadId}/}: authenticate (handshake token, checked by the upgrade
 * filter, or first message), then the latest state at once and every newer one, for one upload of a tenant the
 * token grants, until the token expires; and the tenant board {@code /ws/uploads/}: the same, for every upload of the
 * token's tenants, after a first {@code uploads} message listing them. Enforces the inbound limits: message size and
 * rate, sessions per user.
 *
 * <p>This class wires container events to the parts that act on them: {@link ViewerSessionFactory} makes the
 * session of a new connection, {@link ViewerConnections} tracks it (capacity, drain), {@link ViewerAdmission} lets it
 * watch its upload. Container threads call it; it keeps no state beyond the session in the connection's attributes.
 */
class ProcessingWebSocketHandler extends AbstractWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(ProcessingWebSocketHandler.class);
  private static final String VIEWER = "viewer.session";

  private final ViewerSessionFactory sessions;
  private final ViewerConnections connections;
  private final ViewerAdmission admission;
  private final GatewayProperties.WebSocket limits;

  ProcessingWebSocketHandler(
      ViewerSessionFactory sessions,
      ViewerConnections connections,
      ViewerAdmission admission,
      GatewayProperties.WebSocket limits) {
    this.sessions = sessions;
    this.connections = connections;
    this.admission = admission;
    this.limits = limits;
  }

  @Override
  public boolean supportsPartialMessages() {
    // The container then hands over large client messages in pieces of its (small) buffer, and the limit is ours:
    // an oversize message gets an error and 4008 instead of the container's bare 1009.
    return true;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    ViewerSession viewer;
    if (session.getAttributes().containsKey(ViewerHandshakeInterceptor.BOARD)) {
      viewer = sessions.openBoard(session);
    } else {
      String uploadId = (String) session.getAttributes().get(ViewerHandshakeInterceptor.UPLOAD_ID);
      long lastSeq = (Long) session.getAttributes().getOrDefault(ViewerHandshakeInterceptor.LAST_SEQ, 0L);
      viewer = sessions.open(session, uploadId, lastSeq);
    }
    session.getAttributes().put(VIEWER, viewer);
    if (session.getAttributes().remove(ViewerHandshakeInterceptor.PRE_AUTH_SLOT) instanceof PreAuthLimits.Slot slot) {
      viewer.holdPreAuthSlot(slot);
    }
    if (!connections.add(viewer)) {
      return; // a drain is under way: this viewer has been told to reconnect like the others
    }
    Principal principal = (Principal) session.getAttributes().remove(ViewerHandshakeInterceptor.PRINCIPAL);
    String failure = (String) session.getAttributes().remove(ViewerHandshakeInterceptor.AUTH_FAILURE);
    if (failure != null) {
      admission.refuseToken(viewer, failure);
    } else if (principal != null) {
      admission.admit(viewer, principal);
    } else {
      admission.awaitAuthenticateMessage(viewer);
    }
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().get(VIEWER);
    if (viewer == null) {
      return;
    }
    Assembly assembly = viewer.inbound().append(message.getPayload(), message.isLast());
    if (assembly instanceof TooLarge) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.OVERSIZE,
          "Message too large",
          "client messages are limited to " + limits.maxInboundFrameSize().toBytes() + " bytes");
      return;
    }
    // An empty fragment adds nothing to a message's size: it counts as a message, or a client could send them
    // without end.
    boolean counted = assembly instanceof Complete || (message.getPayloadLength() == 0 && !message.isLast());
    if (counted && !viewer.inbound().tryAcquire(System.nanoTime())) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.FLOOD,
          "Too many messages",
          "at most " + limits.maxInboundMessagesPerSecond() + " messages (or empty fragments) a second");
      return;
    }
    if (!(assembly instanceof Complete complete)) {
      return;
    }
    handle(viewer, complete.message());
  }

  private void handle(ViewerSession viewer, String text) {
    JsonNode request;
    try {
      request = ProtocolJson.mapper().readTree(text);
    } catch (JacksonException e) {
      viewer.reply(ServerMessages.error(viewer.uploadId(), "Invalid message", "not valid JSON"));
      return;
    }
    String type = request.path("type").asString("");
    switch (type) {
      case "authenticate" -> {
        if (viewer.isAuthenticated()) {
          viewer.reply(ServerMessages.error(viewer.uploadId(), "Invalid message", "already authenticated"));
        } else {
          JsonNode token = request.get("token");
          admission.authenticate(viewer, token != null && token.isString() ? token.asString() : null);
        }
      }
      case "ping" -> viewer.reply(ServerMessages.pong(viewer.uploadId(), request.get("timestamp")));
      default -> viewer.reply(ServerMessages.error(viewer.uploadId(), "Invalid message", "unknown message type"));
    }
  }

  /** Binary frames are not part of the protocol: the client is told so and closed with 1003. */
  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().get(VIEWER);
    if (viewer != null) {
      viewer.refuse(CloseCodes.NOT_ACCEPTABLE, DropReason.BINARY, "Binary message",
          "this endpoint takes JSON text messages only");
    }
  }

  @Override
  protected void handlePongMessage(WebSocketSession session, PongMessage message) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().get(VIEWER);
    if (viewer != null) {
      viewer.ponged();
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    ViewerSession viewer = (ViewerSession) session.getAttributes().remove(VIEWER);
    if (viewer != null) {
      viewer.markClosed();
      admission.release(viewer);
      connections.remove(viewer); // last: a drain waiting for this connection sees it fully gone
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Transport error on viewer session {}: {}", session.getId(), exception.toString());
  }
}
