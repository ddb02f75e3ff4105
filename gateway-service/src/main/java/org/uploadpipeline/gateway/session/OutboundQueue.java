package org.uploadpipeline.gateway.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The messages waiting for one viewer, in the order they go out. Replies ({@code authenticated}, {@code pong},
 * {@code error}) go before states. A state is accepted only when its seq is newer than every one accepted before (the
 * first bound is the client's resume point, {@code ?lastSeq}); a waiting state of the same status is then replaced
 * (conflation: latest wins), so status changes, and with them {@code complete} and {@code error}, are never dropped.
 * A state becomes text only when it is next: the tenant check and the choice between {@code status} and
 * {@code progress} see exactly what the viewer was sent before, and the {@code complete} or {@code error} of a
 * terminal status follows its {@code status} at once, ahead of anything else. Closing clears the queue and leaves one
 * {@code error} that states the reason, then the close.
 *
 * <p>Not thread-safe: {@link ViewerMailbox} owns it and calls it under its lock only.
 */
final class OutboundQueue {

  /** What the writer does next. */
  sealed interface Next permits Send, Close, Idle {}

  /**
   * Send one text message.
   *
   * @param receivedNanos when the snapshot it shows reached the gateway, for the latency meter; 0 when not timed
   */
  record Send(String text, long receivedNanos) implements Next {}

  /** Close the connection: the {@code error} stating why has been sent. Nothing follows. */
  record Close(CloseStatus status) implements Next {}

  /** Nothing to send now. */
  record Idle() implements Next {}

  /** What became of an offered state. */
  enum Offered {
    QUEUED,
    /** Queued in place of a waiting state of the same status. */
    CONFLATED,
    /** Not newer than the last state accepted, or the queue is closing. */
    IGNORED
  }

  private static final Idle IDLE = new Idle();

  private record Pending(RenderedSnapshot snapshot, long receivedNanos) {}

  private final String uploadId;
  private final int maxReplies;
  private final Predicate<String> mayWatch;
  private final ArrayDeque<String> replies = new ArrayDeque<>(4);
  private final ArrayDeque<Pending> states = new ArrayDeque<>(4);
  private long lastAcceptedSeq;
  private UploadStatus lastSentStatus;
  private CloseStatus closeWhenSent;
  private boolean closed;

  /**
   * @param lastSeenSeq the highest seq the client says it has already seen (0: none)
   * @param maxReplies most replies to client messages that may wait ({@link #addReplyIfRoom})
   * @param mayWatch the tenant check (of a snapshot's tenant id), asked of every state before it becomes text
   */
  OutboundQueue(String uploadId, long lastSeenSeq, int maxReplies, Predicate<String> mayWatch) {
    this.uploadId = uploadId;
    this.lastAcceptedSeq = lastSeenSeq;
    this.maxReplies = maxReplies;
    this.mayWatch = mayWatch;
  }

  String uploadId() {
    return uploadId;
  }

  /** Closing (only the last {@code error} may still go out) or closed. */
  boolean isEnding() {
    return closed || closeWhenSent != null;
  }

  boolean isClosed() {
    return closed;
  }

  Offered offer(RenderedSnapshot snapshot, long receivedNanos) {
    if (isEnding() || snapshot.seq() <= lastAcceptedSeq) {
      return Offered.IGNORED;
    }
    lastAcceptedSeq = snapshot.seq();
    Offered offered = Offered.QUEUED;
    Pending waiting = states.peekLast();
    if (waiting != null && waiting.snapshot().status() == snapshot.status()) {
      states.pollLast();
      offered = Offered.CONFLATED;
    }
    states.addLast(new Pending(snapshot, receivedNanos));
    return offered;
  }

  /** Queues a message the server sends of its own accord ({@code authenticated}); false when ending. */
  boolean addReply(String json) {
    if (isEnding()) {
      return false;
    }
    replies.addLast(json);
    return true;
  }

  /**
   * Queues the answer to a client message unless {@code maxReplies} already wait; false when there was no room (the
   * client sends but does not read). Only while not ending.
   */
  boolean addReplyIfRoom(String json) {
    if (replies.size() >= maxReplies) {
      return false;
    }
    replies.addLast(json);
    return true;
  }

  /** Drops everything waiting and queues the {@code error} that states the reason; the close follows it. */
  void beginClosing(CloseStatus status, String message, String details) {
    closeWhenSent = status;
    states.clear();
    replies.clear();
    replies.addLast(ServerMessages.error(uploadId, message, details));
  }

  /** The connection is gone (or is being cut): nothing more goes out. */
  void close() {
    closed = true;
    replies.clear();
    states.clear();
  }

  /** Whether {@link #next} would have something to do: a message or a close waits. */
  boolean hasNext() {
    return !closed && (!replies.isEmpty() || closeWhenSent != null || !states.isEmpty());
  }

  /** Takes the next thing to do off the queue. */
  Next next() {
    while (!closed) {
      String reply = replies.pollFirst();
      if (reply != null) {
        return new Send(reply, 0);
      }
      if (closeWhenSent != null) {
        closed = true;
        return new Close(closeWhenSent);
      }
      Pending next = states.pollFirst();
      if (next == null) {
        return IDLE;
      }
      if (!mayWatch.test(next.snapshot().tenantId())) {
        // Checked on every snapshot, not once: not a byte of another tenant's upload is ever queued as text.
        beginClosing(CloseCodes.FORBIDDEN, "Forbidden", "this upload belongs to a tenant your token does not grant");
        continue;
      }
      List<String> messages = next.snapshot().messagesAfter(lastSentStatus);
      if (messages == null) {
        continue; // unreadable beyond its header: as if it never came
      }
      lastSentStatus = next.snapshot().status();
      if (messages.isEmpty()) {
        continue;
      }
      for (int i = messages.size() - 1; i >= 1; i--) {
        replies.addFirst(messages.get(i));
      }
      return new Send(messages.get(0), next.receivedNanos());
    }
    return IDLE;
  }
}
