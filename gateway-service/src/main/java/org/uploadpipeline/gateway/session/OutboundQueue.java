package org.uploadpipeline.gateway.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.session.UploadLane.Pending;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The messages waiting for one viewer, in the order they go out. Replies ({@code authenticated}, {@code pong},
 * {@code error}) go before states. States follow the rules of an {@link UploadLane} per upload: accepted only when
 * newer than every one accepted before (the first bound is the client's resume point, {@code ?lastSeq}), a waiting
 * state of the same status replaced (conflation: latest wins), so status changes, and with them {@code complete} and
 * {@code error}, are never dropped. A state becomes text only when it is next: the tenant check and the choice between
 * {@code status} and {@code progress} see exactly what the viewer was sent before, and the {@code complete} or
 * {@code error} of a terminal status follows its {@code status} at once, ahead of anything else. Closing clears the
 * queue and leaves one {@code error} that states the reason, then the close. A viewer of a cancelled upload is closed
 * normally (1000) right after its {@code status}.
 *
 * <p>A viewer of one upload has one lane. A tenant board ({@link #forBoard}) has a lane per upload that has had a state
 * for it, taken in turns in the order their states came, and lets a lane go once its upload's final state is out.
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

  /** A state a board's first message already holds. */
  record Shown(String uploadId, long seq, UploadStatus status) {}

  private static final Idle IDLE = new Idle();

  private final String uploadId;
  private final int maxReplies;
  private final Predicate<String> mayWatch;
  private final ArrayDeque<String> replies = new ArrayDeque<>(4);
  /** The one upload of a viewer; null on a board. */
  private final UploadLane single;
  /** A board's uploads by id, and the ids whose lanes have states waiting, in turn; both null for a viewer. */
  private final Map<String, UploadLane> lanes;
  private final ArrayDeque<String> ready;
  private CloseStatus closeWhenSent;
  private boolean closed;
  /** A board before its first message: states are taken in, but go out only after it. */
  private boolean statesHeld;

  /**
   * A viewer of one upload.
   *
   * @param lastSeenSeq the highest seq the client says it has already seen (0: none)
   * @param maxReplies most replies to client messages that may wait ({@link #addReplyIfRoom})
   * @param mayWatch the tenant check (of a snapshot's tenant id), asked of every state before it becomes text
   */
  OutboundQueue(String uploadId, long lastSeenSeq, int maxReplies, Predicate<String> mayWatch) {
    this(uploadId, new UploadLane(lastSeenSeq), maxReplies, mayWatch);
  }

  private OutboundQueue(String uploadId, UploadLane single, int maxReplies, Predicate<String> mayWatch) {
    this.uploadId = uploadId;
    this.single = single;
    this.lanes = single == null ? new HashMap<>() : null;
    this.ready = single == null ? new ArrayDeque<>() : null;
    this.maxReplies = maxReplies;
    this.mayWatch = mayWatch;
  }

  /** A tenant board: the states of any upload (of a tenant {@code mayWatch} grants), each upload in its own lane. */
  static OutboundQueue forBoard(int maxReplies, Predicate<String> mayWatch) {
    OutboundQueue board = new OutboundQueue(null, null, maxReplies, mayWatch);
    board.statesHeld = true;
    return board;
  }

  /** The upload watched; null on a board. */
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
    if (isEnding()) {
      return Offered.IGNORED;
    }
    if (single != null) {
      return single.offer(snapshot, receivedNanos);
    }
    UploadLane lane = lanes.computeIfAbsent(snapshot.uploadId(), id -> new UploadLane(0));
    boolean waiting = lane.hasNext();
    Offered offered = lane.offer(snapshot, receivedNanos);
    if (offered != Offered.IGNORED && !waiting) {
      ready.addLast(snapshot.uploadId());
    }
    return offered;
  }

  /**
   * A board's first message ({@code uploads}) and the states it holds: nothing up to them goes out again, and the
   * states taken in meanwhile follow it. False when ending.
   */
  boolean addListing(String json, List<Shown> shown) {
    if (lanes == null || isEnding()) {
      return false;
    }
    replies.addLast(json);
    shown.forEach(this::alreadySent);
    statesHeld = false;
    return true;
  }

  private void alreadySent(Shown shown) {
    String boardUpload = shown.uploadId();
    long seq = shown.seq();
    UploadStatus status = shown.status();
    UploadLane lane = lanes.computeIfAbsent(boardUpload, id -> new UploadLane(0));
    lane.alreadySent(seq, status);
    if (lane.isFinished()) {
      lanes.remove(boardUpload);
    }
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
    clearStates();
    replies.clear();
    replies.addLast(ServerMessages.error(uploadId, message, details));
  }

  /** The connection is gone (or is being cut): nothing more goes out. */
  void close() {
    closed = true;
    replies.clear();
    clearStates();
  }

  private void clearStates() {
    if (single != null) {
      single.clear();
    } else {
      lanes.clear();
      ready.clear();
    }
  }

  /** Whether {@link #next} would have something to do: a message or a close waits. */
  boolean hasNext() {
    return !closed
        && (!replies.isEmpty() || closeWhenSent != null || (!statesHeld && hasStates()));
  }

  private boolean hasStates() {
    return single != null ? single.hasNext() : !ready.isEmpty();
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
      if (statesHeld) {
        return IDLE;
      }
      String laneId = single != null ? uploadId : ready.pollFirst();
      UploadLane lane = single != null ? single : laneId == null ? null : lanes.get(laneId);
      Pending next = lane == null ? null : lane.poll();
      if (next == null) {
        if (single != null || laneId == null) {
          return IDLE;
        }
        continue; // a board lane emptied by its first message
      }
      if (single == null && lane.hasNext()) {
        ready.addLast(laneId); // its turn again after the others
      }
      if (!mayWatch.test(next.snapshot().tenantId())) {
        // Checked on every snapshot, not once: not a byte of another tenant's upload is ever queued as text.
        beginClosing(CloseCodes.FORBIDDEN, "Forbidden", "this upload belongs to a tenant your token does not grant");
        continue;
      }
      List<String> messages = lane.messagesFor(next);
      if (single == null && lane.isFinished()) {
        lanes.remove(laneId);
      }
      if (single != null && messages != null && next.snapshot().status() == UploadStatus.CANCELLED) {
        // Nothing more will come of a cancelled upload: its viewer is closed normally once its status is out.
        closeWhenSent = CloseStatus.NORMAL;
      }
      if (messages == null || messages.isEmpty()) {
        continue; // unreadable beyond its header (as if it never came), or nothing new to tell
      }
      for (int i = messages.size() - 1; i >= 1; i--) {
        replies.addFirst(messages.get(i));
      }
      return new Send(messages.get(0), next.receivedNanos());
    }
    return IDLE;
  }
}
