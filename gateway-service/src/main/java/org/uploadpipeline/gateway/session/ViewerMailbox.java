package org.uploadpipeline.gateway.session;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.session.OutboundQueue.Close;
import org.uploadpipeline.gateway.session.OutboundQueue.Next;
import org.uploadpipeline.gateway.session.OutboundQueue.Offered;
import org.uploadpipeline.gateway.session.OutboundQueue.Send;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;

/**
 * The one way to a viewer's socket: everything written to it (text, pings, the close) goes through here, and a viewer
 * that does not read costs nobody else anything. Messages wait in an {@link OutboundQueue}; one writer at a time per
 * session takes the next and starts its asynchronous send, and picks the one after when the send completes. A send
 * still unwritten after the send time limit closes the viewer as too slow (1008); meanwhile it holds no thread.
 *
 * <p>Threads: offers come from the store's fan-out thread, container threads (join) and the timer thread; replies and
 * closes from container and timer threads; none of them blocks beyond the short lock over the queue (no I/O under it).
 * The writer runs on a sender thread, handed from one to the next through the sender executor; {@code writing} is the
 * token that keeps it to one. Pings and closes, which may block briefly on the socket, run on control threads.
 */
final class ViewerMailbox {

  private static final Logger log = LoggerFactory.getLogger(ViewerMailbox.class);

  private final ViewerSocket socket;
  private final Executor sender;
  private final Executor control;
  private final ViewerMetrics metrics;
  private final Object lock = new Object();

  // The queue (its contents) and writing are guarded by lock.
  private final OutboundQueue queue;
  /** A writer is running: it holds the next message or its send is in flight. At most one per session. */
  private boolean writing;

  /**
   * @param sender runs the writer; never blocks on a socket
   * @param control runs pings and closes, which may block briefly on a socket
   */
  ViewerMailbox(ViewerSocket socket, OutboundQueue queue, Executor sender, Executor control, ViewerMetrics metrics) {
    this.socket = socket;
    this.queue = queue;
    this.sender = sender;
    this.control = control;
    this.metrics = metrics;
  }

  /** Queues a state for delivery. Never blocks: called on the store's fan-out thread. */
  void offer(RenderedSnapshot snapshot, long receivedNanos) {
    Offered offered;
    synchronized (lock) {
      offered = queue.offer(snapshot, receivedNanos);
    }
    if (offered == Offered.CONFLATED) {
      metrics.conflated();
    }
    if (offered != Offered.IGNORED) {
      startWriter();
    }
  }

  /** Queues a message of the server's own ({@code authenticated}); false when the session is ending. */
  boolean tell(String json) {
    boolean queued;
    synchronized (lock) {
      queued = queue.addReply(json);
    }
    if (queued) {
      startWriter();
    }
    return queued;
  }

  /** Queues a board's first message, which holds {@code shown}; false when the session is ending. */
  boolean tellListing(String json, List<OutboundQueue.Shown> shown) {
    boolean queued;
    synchronized (lock) {
      queued = queue.addListing(json, shown);
    }
    if (queued) {
      startWriter();
    }
    return queued;
  }

  /** Queues a reply to the client ({@code pong}, {@code error}); a client that does not read them is dropped. */
  void reply(String json) {
    boolean full;
    synchronized (lock) {
      if (queue.isEnding()) {
        return;
      }
      full = !queue.addReplyIfRoom(json);
    }
    if (full) {
      abort(CloseCodes.TOO_SLOW, DropReason.SLOW);
    } else {
      startWriter();
    }
  }

  /** Sends an {@code error} message that states the reason, then closes with the given code; false if ending. */
  boolean closeWith(CloseStatus status, String message, String details) {
    synchronized (lock) {
      if (queue.isEnding()) {
        return false;
      }
      queue.beginClosing(status, message, details);
    }
    startWriter();
    return true;
  }

  /** Like {@link #closeWith}, for a refusal that is counted ({@code gateway.ws.sessions.dropped}). */
  void refuse(CloseStatus status, DropReason reason, String message, String details) {
    synchronized (lock) {
      if (queue.isEnding()) {
        return;
      }
      queue.beginClosing(status, message, details);
    }
    metrics.dropped(reason);
    startWriter();
  }

  /**
   * Ends the session at once, without a last message (the viewer is not reading or not answering); false when it was
   * closed already.
   */
  boolean abort(CloseStatus status, DropReason reason) {
    synchronized (lock) {
      if (queue.isClosed()) {
        return false;
      }
      queue.close();
    }
    metrics.dropped(reason);
    control.execute(() -> socket.close(status));
    return true;
  }

  /** Sends a WebSocket ping frame, off the calling thread. */
  void ping() {
    control.execute(socket::ping);
  }

  /** Neither ending nor writing: a heartbeat may judge it (a send in flight is bounded by the send time limit). */
  boolean isIdle() {
    synchronized (lock) {
      return !writing && !queue.isEnding();
    }
  }

  /** The connection ended: deliver nothing more. */
  void markClosed() {
    synchronized (lock) {
      queue.close();
    }
  }

  private void startWriter() {
    synchronized (lock) {
      if (writing || queue.isClosed()) {
        return;
      }
      writing = true;
    }
    sender.execute(this::writeNext);
  }

  /** Takes the next message and starts sending it; runs on a sender thread, one writer at a time per session. */
  private void writeNext() {
    Next next;
    synchronized (lock) {
      next = queue.next();
      writing = next instanceof Send;
    }
    if (next instanceof Send send) {
      socket.sendText(send.text(), failure -> written(failure, send.receivedNanos()));
    } else if (next instanceof Close close) {
      control.execute(() -> socket.close(close.status()));
    }
  }

  private void written(Throwable failure, long receivedNanos) {
    if (failure != null) {
      if (failure instanceof SocketTimeoutException) {
        log.info(
            "Closing viewer session {} of upload {}: not reading (send time limit)", socket.id(), queue.uploadId());
        abort(CloseCodes.TOO_SLOW, DropReason.SLOW);
      } else {
        log.debug(
            "Viewer session {} of upload {} failed a send: {}", socket.id(), queue.uploadId(), failure.toString());
        markClosed();
        control.execute(() -> socket.close(CloseStatus.SESSION_NOT_RELIABLE));
      }
      synchronized (lock) {
        writing = false;
      }
      return;
    }
    metrics.sent();
    if (receivedNanos != 0) {
      metrics.delivered(receivedNanos);
    }
    synchronized (lock) {
      if (!queue.hasNext()) {
        // The usual case (one message per update): no second hop through the executor; the next offer starts one.
        writing = false;
        return;
      }
    }
    // Never recurse: the container may complete a send on the calling thread.
    sender.execute(this::writeNext);
  }
}
