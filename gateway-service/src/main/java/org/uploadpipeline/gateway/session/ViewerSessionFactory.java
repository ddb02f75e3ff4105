package org.uploadpipeline.gateway.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.web.socket.WebSocketSession;
import org.uploadpipeline.gateway.GatewayProperties;

/**
 * What every viewer session is made of besides its connection: the threads all sessions share, the meters, and the
 * per-session limits. Immutable; sessions are made on the container thread that accepted the connection.
 *
 * @param sender runs the mailboxes' writers; never blocks on a socket
 * @param control runs pings and closes, which may block briefly on a socket
 * @param timers runs the liveness timers (auth and unknown-upload waits, token expiry)
 * @param metrics the viewer meters every session counts into
 * @param limits send time limit, mailbox size, inbound size and rate
 */
record ViewerSessionFactory(
    Executor sender,
    Executor control,
    ScheduledExecutorService timers,
    ViewerMetrics metrics,
    GatewayProperties.WebSocket limits) {

  /** A session on a container connection, its sends bounded by the send time limit. */
  ViewerSession open(WebSocketSession session, String uploadId, long lastSeenSeq) {
    return open(TomcatViewerSocket.of(session, limits.sendTimeLimit().toMillis()), uploadId, lastSeenSeq);
  }

  /**
   * A session on any transport (tests use a fake one).
   *
   * @param lastSeenSeq the highest seq the client says it has already seen (0: none)
   */
  ViewerSession open(ViewerSocket socket, String uploadId, long lastSeenSeq) {
    ViewerState state = new ViewerState(uploadId);
    return open(socket, state, new OutboundQueue(uploadId, lastSeenSeq, limits.mailboxSize(), state::mayWatch));
  }

  /** A tenant board's session on a container connection. */
  ViewerSession openBoard(WebSocketSession session) {
    return openBoard(TomcatViewerSocket.of(session, limits.sendTimeLimit().toMillis()));
  }

  /** A tenant board's session on any transport. */
  ViewerSession openBoard(ViewerSocket socket) {
    ViewerState state = ViewerState.board();
    return open(socket, state, OutboundQueue.forBoard(limits.mailboxSize(), state::mayWatch));
  }

  private ViewerSession open(ViewerSocket socket, ViewerState state, OutboundQueue queue) {
    ViewerMailbox mailbox = new ViewerMailbox(socket, queue, sender, control, metrics);
    InboundLimiter inbound =
        new InboundLimiter(
            limits.maxInboundMessagesPerSecond(),
            limits.inboundBurst(),
            limits.maxInboundFrameSize().toBytes(),
            System.nanoTime());
    return new ViewerSession(state, mailbox, new ViewerLiveness(mailbox, timers), inbound);
  }
}
