package org.uploadpipeline.client;

import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * How far a viewer got, so a reconnect resumes with {@code ?lastSeq=N} and nothing is shown twice. A finished upload
 * arrives as {@code status} then {@code complete} (or {@code error}) with the same {@code seq}; if the connection
 * drops between the two, the resume point stays one before it so the final message is sent again. A stall arrives
 * as a {@code status} with {@code stalled} set and the {@code seq} of the snapshot already seen: it is new once per
 * {@code seq} and leaves the resume point where it is.
 */
public final class ResumePoint {

  private long lastSeq;
  private boolean awaitingFinal;
  private long stalledSeq;

  /** Whether {@code message} is new to the viewer; state messages already seen are refused. */
  public synchronized boolean accept(ServerMessage message) {
    Long seq = seqOf(message);
    if (seq == null) {
      return true;
    }
    boolean isFinal = message instanceof ServerMessage.Complete || message instanceof ServerMessage.Error;
    boolean isStall = message instanceof ServerMessage.Status status && status.stalled();
    if (seq > lastSeq || (seq == lastSeq && awaitingFinal && isFinal)) {
      lastSeq = seq;
      // A completed or failed status is followed by its complete or error; a cancelled one by nothing but the close.
      awaitingFinal = message instanceof ServerMessage.Status status
          && (status.status() == UploadStatus.COMPLETED || status.status() == UploadStatus.FAILED);
      if (isStall) {
        stalledSeq = seq;
      }
      return true;
    }
    if (seq == lastSeq && isStall && stalledSeq != seq) {
      // The gateway's notice that the last snapshot is getting old: nothing to resume after it.
      stalledSeq = seq;
      return true;
    }
    return false;
  }

  /** The {@code lastSeq} to reconnect with (0: from the start). */
  public synchronized long resumeFrom() {
    return awaitingFinal ? lastSeq - 1 : lastSeq;
  }

  /** The snapshot sequence a message carries; null for messages outside the upload's state. */
  public static Long seqOf(ServerMessage message) {
    if (message instanceof ServerMessage.Status status) {
      return status.seq();
    }
    if (message instanceof ServerMessage.Progress progress) {
      return progress.seq();
    }
    if (message instanceof ServerMessage.Complete complete) {
      return complete.seq();
    }
    if (message instanceof ServerMessage.Error error) {
      return error.seq();
    }
    return null;
  }
}
