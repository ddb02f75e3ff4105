package org.uploadpipeline.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.auth.InvalidTokenException;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.auth.TokenVerifier;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.session.InboundLimiter.Assembly;
import org.uploadpipeline.gateway.session.InboundLimiter.Complete;
import org.uploadpipeline.gateway.session.InboundLimiter.TooLarge;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The viewer endpoint {@code /ws/processing/{uploadId}/}: authenticate (handshake token, checked by the security
 * filter, or first message), then the latest state at once and every newer one, for one upload of a tenant the
 * token grants, until the token expires. Enforces the inbound limits: message size and rate, sessions per user.
 */
class ProcessingWebSocketHandler extends AbstractWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(ProcessingWebSocketHandler.class);
  private static final String VIEWER = "viewer.session";

  private final TokenVerifier verifier;
  private final SnapshotStore store;
  private final SessionRegistry registry;
  private final GatewayProperties.WebSocket limits;
  private final Duration clockSkew;
  private final Executor sender;
  private final Executor control;
  private final ScheduledExecutorService timers;
  private final ViewerMetrics metrics;
  private final Clock clock;
  private final AtomicInteger connections = new AtomicInteger();
  /** Every open connection's session, authenticated or not: the drain on shutdown tells each one to reconnect. */
  private final Set<ViewerSession> open = ConcurrentHashMap.newKeySet();
  private final Object drainLock = new Object();
  private volatile boolean draining;

  ProcessingWebSocketHandler(
      TokenVerifier verifier,
      SnapshotStore store,
      SessionRegistry registry,
      GatewayProperties properties,
      Executor sender,
      Executor control,
      ScheduledExecutorService timers,
      ViewerMetrics metrics,
      Clock clock) {
    this.verifier = verifier;
    this.store = store;
    this.registry = registry;
    this.limits = properties.websocket();
    this.clockSkew = properties.jwt().clockSkew();
    this.sender = sender;
    this.control = control;
    this.timers = timers;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Open WebSocket connections, authenticated or not: the handshake refuses new ones at the configured maximum. */
  int openConnections() {
    return connections.get();
  }

  /** True while the server is shutting down: the handshake then refuses new viewers (503). */
  boolean isDraining() {
    return draining;
  }

  /** Accepts viewers again (the application context was started again after a drain). */
  void acceptViewers() {
    draining = false;
  }

  /**
   * Graceful shutdown: refuses new handshakes, sends every open session an {@code error} saying the server restarts
   * and closes it with 1012, so clients reconnect (to another instance) and resume with {@code ?lastSeq}. Waits until
   * every connection has ended, at most {@code timeout} (a viewer that does not read is bounded by the send time
   * limit).
   *
   * @return the connections still open when the wait ended (0 when all closed in time)
   */
  int drain(Duration timeout) {
    draining = true;
    open.forEach(ProcessingWebSocketHandler::tellToReconnect);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drainLock) {
      long remaining = deadline - System.nanoTime();
      while (connections.get() > 0 && remaining > 0) {
        try {
          drainLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        remaining = deadline - System.nanoTime();
      }
    }
    return connections.get();
  }

  private static void tellToReconnect(ViewerSession viewer) {
    viewer.closeWith(
        CloseCodes.SERVICE_RESTART,
        "Server restarting",
        "this server is restarting; reconnect (with ?lastSeq) to resume");
  }

  @Override
  public boolean supportsPartialMessages() {
    // The container then hands over large client messages in pieces of its (small) buffer, and the limit is ours:
    // an oversize message gets an error and 4008 instead of the container's bare 1009.
    return true;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    connections.incrementAndGet();
    ViewerSocket socket = TomcatViewerSocket.of(session, limits.sendTimeLimit().toMillis());
    String uploadId = (String) session.getAttributes().get(ViewerHandshakeInterceptor.UPLOAD_ID);
    long lastSeq = (Long) session.getAttributes().getOrDefault(ViewerHandshakeInterceptor.LAST_SEQ, 0L);
    InboundLimiter inbound =
        new InboundLimiter(
            limits.maxInboundMessagesPerSecond(),
            limits.inboundBurst(),
            limits.maxInboundFrameSize().toBytes(),
            System.nanoTime());
    ViewerSession viewer =
        new ViewerSession(socket, uploadId, lastSeq, sender, control, metrics, limits.mailboxSize(), inbound);
    session.getAttributes().put(VIEWER, viewer);
    open.add(viewer);
    if (draining) {
      // Handshake completed just as the drain began: this viewer is told to reconnect like the others.
      tellToReconnect(viewer);
      return;
    }
    Principal principal = (Principal) session.getAttributes().remove(ViewerHandshakeInterceptor.PRINCIPAL);
    String failure = (String) session.getAttributes().remove(ViewerHandshakeInterceptor.AUTH_FAILURE);
    if (failure != null) {
      viewer.closeWith(CloseCodes.UNAUTHORIZED, "Unauthorized", failure);
      return;
    }
    if (principal != null) {
      admit(viewer, principal);
      return;
    }
    viewer.setWaitTimer(
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
    Assembly assembly = viewer.inbound().append(message.getPayload(), message.isLast());
    if (assembly instanceof TooLarge) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.OVERSIZE,
          "Message too large",
          "client messages are limited to " + limits.maxInboundFrameSize().toBytes() + " bytes");
      return;
    }
    if (!(assembly instanceof Complete complete)) {
      return;
    }
    if (!viewer.inbound().tryAcquire(System.nanoTime())) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.FLOOD,
          "Too many messages",
          "at most " + limits.maxInboundMessagesPerSecond() + " messages a second");
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
          authenticate(viewer, token != null && token.isString() ? token.asString() : null);
        }
      }
      case "ping" -> viewer.reply(ServerMessages.pong(viewer.uploadId(), request.get("timestamp")));
      default -> viewer.reply(ServerMessages.error(viewer.uploadId(), "Invalid message", "unknown message type"));
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
      open.remove(viewer);
      viewer.markClosed();
      registry.unregister(viewer);
    }
    if (connections.decrementAndGet() == 0 && draining) {
      synchronized (drainLock) {
        drainLock.notifyAll();
      }
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
    admit(viewer, principal);
  }

  private void admit(ViewerSession viewer, Principal principal) {
    if (!viewer.authenticate(principal)) {
      return;
    }
    String uploadId = viewer.uploadId();
    if (!ViewerHandshakeInterceptor.isValidUploadId(uploadId)) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "not a valid upload id");
      return;
    }
    // Register before the lookup: a snapshot that lands in between then reaches the session through the listener.
    if (!registry.register(viewer)) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.TOO_MANY_SESSIONS,
          "Too many connections",
          "this user already has " + limits.maxSessionsPerUser() + " open viewer sessions");
      return;
    }
    // Continuous authorization: the session lives exactly as long as its token (plus the tolerated clock skew).
    long untilExpiry = Duration.between(clock.instant(), principal.expiresAt().plus(clockSkew)).toMillis();
    viewer.setExpiryTimer(
        timers.schedule(
            () -> viewer.refuse(CloseCodes.UNAUTHORIZED, DropReason.TOKEN_EXPIRED, "Unauthorized", "token expired"),
            Math.max(0, untilExpiry),
            TimeUnit.MILLISECONDS));
    store.latest(uploadId).ifPresent(snapshot -> viewer.offer(snapshot, 0));
    if (!viewer.isKnown()) {
      viewer.setWaitTimer(
          timers.schedule(
              () -> giveUpIfStillUnknown(viewer), limits.unknownUploadWait().toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private void giveUpIfStillUnknown(ViewerSession viewer) {
    if (viewer.isKnown()) {
      return;
    }
    store.latest(viewer.uploadId()).ifPresent(snapshot -> viewer.offer(snapshot, 0));
    if (!viewer.isKnown()) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "no upload with this id appeared in time");
    }
  }

}
