package org.uploadpipeline.gateway.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One viewer connection watching one upload: who it is, what it has been sent, and a small mailbox between the fan-out
 * thread and the socket. Offering a snapshot never blocks; a sender thread drains the mailbox. Snapshots of the same
 * status waiting in the mailbox are conflated (latest wins); a status change is never dropped.
 */
final class ViewerSession {

  private static final Logger log = LoggerFactory.getLogger(ViewerSession.class);

  private final WebSocketSession socket;
  private final String uploadId;
  private final Executor sender;
  private final Object lock = new Object();
  private final Deque<ProgressSnapshot> mailbox = new ArrayDeque<>();

  // Guarded by lock.
  private Principal principal;
  private long lastAcceptedSeq;
  private boolean draining;
  private boolean closed;
  private boolean known;
  private Future<?> pendingTimer;

  // Only touched by the single drain in progress.
  private UploadStatus lastSentStatus;

  /**
   * @param socket a sending-safe session (a
   *     {@link org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator})
   * @param lastSeenSeq the highest seq the client says it has already seen (0: none)
   */
  ViewerSession(WebSocketSession socket, String uploadId, long lastSeenSeq, Executor sender) {
    this.socket = socket;
    this.uploadId = uploadId;
    this.lastAcceptedSeq = lastSeenSeq;
    this.sender = sender;
  }

  String uploadId() {
    return uploadId;
  }

  /** Accepts the principal unless the session is already authenticated or closed; true when it did. */
  boolean authenticate(Principal verified) {
    synchronized (lock) {
      if (closed || principal != null) {
        return false;
      }
      principal = verified;
    }
    send(ServerMessages.authenticated(uploadId));
    return true;
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

  /** Remembers the one timer (auth or unknown-upload wait) to cancel when the session ends. */
  void setTimer(Future<?> timer) {
    Future<?> previous;
    synchronized (lock) {
      previous = pendingTimer;
      pendingTimer = timer;
    }
    if (previous != null) {
      previous.cancel(false);
    }
  }

  /** Queues a snapshot for delivery. Never blocks: called on the store's fan-out thread. */
  void offer(ProgressSnapshot snapshot) {
    synchronized (lock) {
      if (closed || principal == null) {
        return;
      }
      known = true;
      if (snapshot.seq() <= lastAcceptedSeq) {
        return;
      }
      lastAcceptedSeq = snapshot.seq();
      ProgressSnapshot waiting = mailbox.peekLast();
      if (waiting != null && waiting.status() == snapshot.status()) {
        mailbox.pollLast();
      }
      mailbox.addLast(snapshot);
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      sender.execute(this::drain);
    } catch (RuntimeException e) {
      synchronized (lock) {
        draining = false;
      }
      throw e;
    }
  }

  private void drain() {
    while (true) {
      ProgressSnapshot next;
      Principal viewer;
      synchronized (lock) {
        next = closed ? null : mailbox.pollFirst();
        if (next == null) {
          draining = false;
          return;
        }
        viewer = principal;
      }
      if (!viewer.grants(next.tenantId())) {
        // Checked on every snapshot, not once: not a byte of another tenant's upload leaves this method.
        closeWith(CloseCodes.FORBIDDEN, "Forbidden", "this upload belongs to a tenant your token does not grant");
        return;
      }
      for (String message : ServerMessages.forSnapshot(lastSentStatus, next)) {
        send(message);
      }
      lastSentStatus = next.status();
    }
  }

  /** Sends a text message now; a failed send ends the session (the client reconnects and resumes by seq). */
  void send(String json) {
    try {
      socket.sendMessage(new TextMessage(json));
    } catch (IOException | RuntimeException e) {
      log.debug("Dropping viewer session {} of upload {}: {}", socket.getId(), uploadId, e.toString());
      markClosed();
      closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  /** A WebSocket ping frame, so idle connections survive proxies. */
  void ping() {
    try {
      if (socket.isOpen()) {
        socket.sendMessage(new PingMessage());
      }
    } catch (IOException | RuntimeException e) {
      markClosed();
      closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  /** Sends an {@code error} message that states the reason, then closes with the given code. */
  void closeWith(CloseStatus status, String message, String details) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      mailbox.clear();
    }
    send(ServerMessages.error(uploadId, message, details));
    closeQuietly(status);
  }

  /** The connection ended: stop delivering and cancel timers. */
  void markClosed() {
    Future<?> timer;
    synchronized (lock) {
      closed = true;
      mailbox.clear();
      timer = pendingTimer;
      pendingTimer = null;
    }
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void closeQuietly(CloseStatus status) {
    try {
      socket.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("Closing viewer session {} failed: {}", socket.getId(), e.toString());
    }
  }
}
