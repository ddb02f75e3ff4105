package org.uploadpipeline.gateway.session;

import java.util.List;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One stored snapshot as the text every viewer of its upload is sent. What it becomes depends only on whether the
 * viewer's last status differs ({@code status}, then {@code complete} or {@code error} when finished) or not
 * ({@code progress}); each of the two is written when the first viewer needs it and shared by all the others, so an
 * update to 10,000 viewers of one upload is parsed and serialised once, not 10,000 times.
 *
 * <p>Thread-safe: senders that need a form at the same moment may each write it (same text); strings are immutable.
 */
final class RenderedSnapshot {

  private final StoredSnapshot stored;
  private volatile List<String> afterOtherStatus;
  private volatile List<String> afterSameStatus;

  RenderedSnapshot(StoredSnapshot stored) {
    this.stored = stored;
  }

  String uploadId() {
    return stored.uploadId();
  }

  String tenantId() {
    return stored.tenantId();
  }

  long seq() {
    return stored.seq();
  }

  UploadStatus status() {
    return stored.status();
  }

  /**
   * The messages that move a viewer whose last status was {@code previous} (null: none yet) to this snapshot; null
   * when the record breaks the contract beyond its header (logged when parsed): then it is as if it never came.
   */
  List<String> messagesAfter(UploadStatus previous) {
    boolean sameStatus = previous == stored.status();
    List<String> messages = sameStatus ? afterSameStatus : afterOtherStatus;
    if (messages == null) {
      messages = stored.snapshot().map(snapshot -> List.copyOf(ServerMessages.forSnapshot(previous, snapshot)))
          .orElse(null);
      if (sameStatus) {
        afterSameStatus = messages;
      } else {
        afterOtherStatus = messages;
      }
    }
    return messages;
  }

  /** The newer of two renderings of the same upload. */
  static RenderedSnapshot newer(RenderedSnapshot a, RenderedSnapshot b) {
    return a.seq() >= b.seq() ? a : b;
  }
}
