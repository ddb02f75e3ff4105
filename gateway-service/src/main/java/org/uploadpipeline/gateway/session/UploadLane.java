package org.uploadpipeline.gateway.session;

import java.util.ArrayDeque;
import java.util.List;
import org.uploadpipeline.gateway.session.OutboundQueue.Offered;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * What one viewer is still to be sent of one upload, and what it was sent: the rules of {@link OutboundQueue} for a
 * single upload. A state is accepted only when its seq is newer than every one accepted before (a stall: once, at the
 * seq already accepted); a waiting state of the same status is replaced by it (latest wins), so status changes are
 * never dropped. Which messages a state becomes is decided when it is taken, from what was sent before.
 *
 * <p>Not thread-safe: the queue that owns it calls it under the mailbox's lock only.
 */
final class UploadLane {

  /** A state waiting to go out. */
  record Pending(RenderedSnapshot snapshot, long receivedNanos) {}

  private final ArrayDeque<Pending> states = new ArrayDeque<>(2);
  private long lastAcceptedSeq;
  /** The seq whose stall was accepted (0: none), so a stall is announced once. */
  private long stallAcceptedSeq;
  private UploadStatus lastSentStatus;
  /** The last state sent was a stall: the next one must clear it with a {@code status}. */
  private boolean stallShown;

  /** @param lastSeenSeq the highest seq the client already has (0: none) */
  UploadLane(long lastSeenSeq) {
    this.lastAcceptedSeq = lastSeenSeq;
  }

  Offered offer(RenderedSnapshot snapshot, long receivedNanos) {
    if (!isNews(snapshot)) {
      return Offered.IGNORED;
    }
    lastAcceptedSeq = snapshot.seq();
    if (snapshot.isStall()) {
      stallAcceptedSeq = snapshot.seq();
    }
    Offered offered = Offered.QUEUED;
    Pending waiting = states.peekLast();
    if (waiting != null && waiting.snapshot().status() == snapshot.status()) {
      states.pollLast();
      offered = Offered.CONFLATED;
    }
    states.addLast(new Pending(snapshot, receivedNanos));
    return offered;
  }

  private boolean isNews(RenderedSnapshot snapshot) {
    return snapshot.seq() > lastAcceptedSeq
        || (snapshot.isStall() && snapshot.seq() == lastAcceptedSeq && snapshot.seq() != stallAcceptedSeq);
  }

  /**
   * The client was given this state by other means (the board's first message, before any state went out): nothing
   * up to it goes out again, and what follows it is told as after its status.
   */
  void alreadySent(long seq, UploadStatus status) {
    lastAcceptedSeq = Math.max(lastAcceptedSeq, seq);
    lastSentStatus = status;
    states.removeIf(pending -> pending.snapshot().seq() <= seq);
  }

  boolean hasNext() {
    return !states.isEmpty();
  }

  /** The next waiting state, or null. */
  Pending poll() {
    return states.pollFirst();
  }

  /**
   * The messages a taken state becomes after what was sent before ({@code status}, or {@code progress} within the same
   * status; a {@code status} after a stall), and records it as sent; null when it is unreadable beyond its header.
   */
  List<String> messagesFor(Pending pending) {
    RenderedSnapshot snapshot = pending.snapshot();
    List<String> messages = snapshot.messagesAfter(stallShown ? null : lastSentStatus);
    if (messages != null) {
      lastSentStatus = snapshot.status();
      stallShown = snapshot.isStall();
    }
    return messages;
  }

  /** Whether the upload's last status sent is final: nothing more will come of it. */
  boolean isFinished() {
    return lastSentStatus != null && lastSentStatus.isTerminal() && states.isEmpty();
  }

  void clear() {
    states.clear();
  }
}
