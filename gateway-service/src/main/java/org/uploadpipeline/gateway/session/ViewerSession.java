package org.uploadpipeline.gateway.session;

import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One viewer connection watching one upload: who it is, what it has been sent, and a small mailbox between the fan-out
 * and the socket.
 *
 * <p>Offering a snapshot never blocks (it runs on the store's fan-out thread). At most one message per session is in
 * flight, sent asynchronously; the next one is picked when it completes. While a send is in flight, waiting progress
 * of the same status is conflated (latest wins); status changes, {@code complete} and {@code error} are never dropped,
 * and replies ({@code authenticated}, {@code pong}, {@code error}) go before states. A viewer whose send stays
 * unwritten beyond the send time limit is closed as too slow: it holds no thread meanwhile, so it delays nobody else.
 */
final class ViewerSession {

  private static final Logger log = LoggerFactory.getLogger(ViewerSession.class);

  /** Ends a viewer that does not read: nothing can be told to it first, the reason is in the close frame. */
  static final CloseStatus TOO_SLOW = CloseCodes.TOO_SLOW;

  static final CloseStatus PONG_TIMEOUT = CloseCodes.PONG_TIMEOUT;

  private record Pending(ProgressSnapshot snapshot, long receivedNanos) {}

  private final ViewerSocket socket;
  private final String uploadId;
  private final Executor sender;
  private final Executor control;
  private final ViewerMetrics metrics;
  private final int mailboxSize;
  private final Object lock = new Object();
  private final ArrayDeque<String> replies = new ArrayDeque<>(4);
  private final ArrayDeque<Pending> states = new ArrayDeque<>(4);
  private final InboundLimiter inbound;

  // Guarded by lock.
  private Principal principal;
  private long lastAcceptedSeq;
  private boolean sending;
  private CloseStatus closing;
  private boolean closed;
  private boolean known;
  private boolean counted;
  private UploadStatus lastSentStatus;
  private long pingSentAtNanos;
  private Future<?> waitTimer;
  private Future<?> expiryTimer;

  /**
   * @param lastSeenSeq the highest seq the client says it has already seen (0: none)
   * @param sender runs the send chain; never blocks on a socket
   * @param control runs pings and closes, which may block briefly on a socket
   */
  ViewerSession(
      ViewerSocket socket,
      String uploadId,
      long lastSeenSeq,
      Executor sender,
      Executor control,
      ViewerMetrics metrics,
      int mailboxSize,
      InboundLimiter inbound) {
    this.socket = socket;
    this.uploadId = uploadId;
    this.lastAcceptedSeq = lastSeenSeq;
    this.sender = sender;
    this.control = control;
    this.metrics = metrics;
    this.mailboxSize = mailboxSize;
    this.inbound = inbound;
  }

  String uploadId() {
    return uploadId;
  }

  String id() {
    return socket.id();
  }

  InboundLimiter inbound() {
    return inbound;
  }

  /** Accepts the principal unless the session is already authenticated or ending; true when it did. */
  boolean authenticate(Principal verified) {
    synchronized (lock) {
      if (isEnding() || principal != null) {
        return false;
      }
      principal = verified;
      replies.addLast(ServerMessages.authenticated(uploadId));
    }
    kick();
    return true;
  }

  Principal principal() {
    synchronized (lock) {
      return principal;
    }
  }

  boolean isAuthenticated() {
    synchronized (lock) {
      return principal != null;
    }
  }

  /** Whether any snapshot of the upload has been seen, even one the client already had. */
  boolean isKnown() {
    synchronized (lock) {
      return known;
    }
  }

  /** Whether this session counts towards its user's session limit (set by the registry). */
  void setCounted(boolean value) {
    synchronized (lock) {
      counted = value;
    }
  }

  boolean isCounted() {
    synchronized (lock) {
      return counted;
    }
  }

  /** The auth-timeout or unknown-upload timer; replaces (and cancels) the previous one. */
  void setWaitTimer(Future<?> timer) {
    Future<?> previous;
    synchronized (lock) {
      previous = waitTimer;
      waitTimer = closed ? null : timer;
    }
    cancel(previous);
    if (isClosedNow()) {
      cancel(timer);
    }
  }

  /** The timer that ends the session when its token expires. */
  void setExpiryTimer(Future<?> timer) {
    Future<?> previous;
    synchronized (lock) {
      previous = expiryTimer;
      expiryTimer = closed ? null : timer;
    }
    cancel(previous);
    if (isClosedNow()) {
      cancel(timer);
    }
  }

  /** Queues a snapshot for delivery. Never blocks: called on the store's fan-out thread. */
  void offer(ProgressSnapshot snapshot, long receivedNanos) {
    synchronized (lock) {
      if (isEnding() || principal == null) {
        return;
      }
      known = true;
      if (snapshot.seq() <= lastAcceptedSeq) {
        return;
      }
      lastAcceptedSeq = snapshot.seq();
      Pending waiting = states.peekLast();
      if (waiting != null && waiting.snapshot().status() == snapshot.status()) {
        states.pollLast();
        metrics.conflated();
      }
      states.addLast(new Pending(snapshot, receivedNanos));
      if (sending) {
        return;
      }
      sending = true;
    }
    sender.execute(this::sendNext);
  }

  /** Queues a reply to the client ({@code pong}, {@code error}); a client that does not read them is dropped. */
  void reply(String json) {
    boolean overflow;
    synchronized (lock) {
      if (isEnding()) {
        return;
      }
      overflow = replies.size() >= mailboxSize;
      if (!overflow) {
        replies.addLast(json);
      }
    }
    if (overflow) {
      abort(TOO_SLOW, DropReason.SLOW);
    } else {
      kick();
    }
  }

  /** Sends an {@code error} message that states the reason, then closes with the given code. */
  void closeWith(CloseStatus status, String message, String details) {
    synchronized (lock) {
      if (isEnding()) {
        return;
      }
      beginClosing(status, message, details);
    }
    kick();
  }

  /** Called by the registry each ping interval: a ping frame, or the end of a viewer that did not answer the last. */
  void heartbeat(long nowNanos, long pongTimeoutNanos) {
    boolean dead = false;
    synchronized (lock) {
      if (isEnding() || sending) {
        return; // a send in flight is bounded by the send time limit already
      }
      if (pingSentAtNanos != 0) {
        dead = nowNanos - pingSentAtNanos > pongTimeoutNanos;
        if (!dead) {
          return;
        }
      } else {
        pingSentAtNanos = nowNanos;
      }
    }
    if (dead) {
      abort(PONG_TIMEOUT, DropReason.PONG_TIMEOUT);
    } else {
      control.execute(socket::ping);
    }
  }

  /** The client answered a ping. */
  void ponged() {
    synchronized (lock) {
      pingSentAtNanos = 0;
    }
  }

  /** The connection ended: stop delivering and cancel timers. */
  void markClosed() {
    Future<?> wait;
    Future<?> expiry;
    synchronized (lock) {
      closed = true;
      replies.clear();
      states.clear();
      wait = waitTimer;
      expiry = expiryTimer;
      waitTimer = null;
      expiryTimer = null;
    }
    cancel(wait);
    cancel(expiry);
  }

  private void kick() {
    synchronized (lock) {
      if (sending || closed) {
        return;
      }
      sending = true;
    }
    sender.execute(this::sendNext);
  }

  /** Picks the next message and starts sending it; runs on a sender thread, one at a time per session. */
  private void sendNext() {
    String text = null;
    long receivedNanos = 0;
    CloseStatus closeNow = null;
    synchronized (lock) {
      while (text == null) {
        if (closed) {
          sending = false;
          return;
        }
        String reply = replies.pollFirst();
        if (reply != null) {
          text = reply;
          break;
        }
        if (closing != null) {
          closeNow = closing;
          closed = true;
          sending = false;
          break;
        }
        Pending next = states.pollFirst();
        if (next == null) {
          sending = false;
          return;
        }
        if (!principal.grants(next.snapshot().tenantId())) {
          // Checked on every snapshot, not once: not a byte of another tenant's upload is ever queued as text.
          beginClosing(
              CloseCodes.FORBIDDEN, "Forbidden", "this upload belongs to a tenant your token does not grant");
          continue;
        }
        List<String> messages = ServerMessages.forSnapshot(lastSentStatus, next.snapshot());
        lastSentStatus = next.snapshot().status();
        if (messages.isEmpty()) {
          continue;
        }
        text = messages.get(0);
        receivedNanos = next.receivedNanos();
        // complete / error of a terminal status follow their status at once, ahead of anything else.
        for (int i = messages.size() - 1; i >= 1; i--) {
          replies.addFirst(messages.get(i));
        }
      }
    }
    if (closeNow != null) {
      CloseStatus status = closeNow;
      control.execute(() -> socket.close(status));
      return;
    }
    long received = receivedNanos;
    socket.sendText(text, failure -> sent(failure, received));
  }

  private void sent(Throwable failure, long receivedNanos) {
    if (failure != null) {
      if (failure instanceof SocketTimeoutException) {
        log.info("Closing viewer session {} of upload {}: not reading (send time limit)", socket.id(), uploadId);
        abort(TOO_SLOW, DropReason.SLOW);
      } else {
        log.debug("Viewer session {} of upload {} failed a send: {}", socket.id(), uploadId, failure.toString());
        markClosed();
        control.execute(() -> socket.close(CloseStatus.SESSION_NOT_RELIABLE));
      }
      synchronized (lock) {
        sending = false;
      }
      return;
    }
    metrics.sent();
    if (receivedNanos != 0) {
      metrics.delivered(receivedNanos);
    }
    // Never recurse: the container may complete a send on the calling thread.
    sender.execute(this::sendNext);
  }

  /** Ends the session at once, without a last message (the viewer is not reading or not answering). */
  void abort(CloseStatus status, DropReason reason) {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    markClosed();
    metrics.dropped(reason);
    control.execute(() -> socket.close(status));
  }

  /** Counts a refusal the handler decided (flood, oversize, ...) and closes with its error. */
  void refuse(CloseStatus status, DropReason reason, String message, String details) {
    synchronized (lock) {
      if (isEnding()) {
        return;
      }
      beginClosing(status, message, details);
    }
    metrics.dropped(reason);
    kick();
  }

  private void beginClosing(CloseStatus status, String message, String details) {
    closing = status;
    states.clear();
    replies.clear();
    replies.addLast(ServerMessages.error(uploadId, message, details));
  }

  private boolean isEnding() {
    return closed || closing != null;
  }

  private boolean isClosedNow() {
    synchronized (lock) {
      return closed;
    }
  }

  private static void cancel(Future<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
