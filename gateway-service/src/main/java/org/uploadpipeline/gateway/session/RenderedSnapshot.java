package org.uploadpipeline.gateway.session;

import java.util.List;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One snapshot as the text every viewer of its upload is sent. What it becomes depends only on whether the viewer's
 * last status differs ({@code status}, then {@code complete} or {@code error} when finished) or not
 * ({@code progress}); each of the two is written when the first viewer needs it and shared by all the others, so an
 * update to 10,000 viewers of one upload is serialised once, not 10,000 times.
 *
 * <p>Thread-safe: senders that need a form at the same moment may each write it (same text); strings are immutable.
 */
final class RenderedSnapshot {

  private final ProgressSnapshot snapshot;
  private volatile List<String> afterOtherStatus;
  private volatile List<String> afterSameStatus;

  RenderedSnapshot(ProgressSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  ProgressSnapshot snapshot() {
    return snapshot;
  }

  long seq() {
    return snapshot.seq();
  }

  UploadStatus status() {
    return snapshot.status();
  }

  /** The messages that move a viewer whose last status was {@code previous} (null: none yet) to this snapshot. */
  List<String> messagesAfter(UploadStatus previous) {
    if (previous == snapshot.status()) {
      List<String> messages = afterSameStatus;
      if (messages == null) {
        messages = List.copyOf(ServerMessages.forSnapshot(previous, snapshot));
        afterSameStatus = messages;
      }
      return messages;
    }
    List<String> messages = afterOtherStatus;
    if (messages == null) {
      messages = List.copyOf(ServerMessages.forSnapshot(previous, snapshot));
      afterOtherStatus = messages;
    }
    return messages;
  }
}
