package org.uploadpipeline.gateway.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One stored snapshot as the text every viewer of its upload is sent. What it becomes depends only on whether the
 * viewer's last status differs ({@code status}, then {@code complete} or {@code error} when finished) or not
 * ({@code progress}); each of the two is written when the first viewer needs it and shared by all the others, so an
 * update to 10,000 viewers of one upload is parsed and serialised once, not 10,000 times.
 *
 * <p>Its {@linkplain #stalled() stalled form} is the same snapshot seen after the stall time without a newer one: a
 * {@code status} with {@code stalled: true}, whatever the viewer saw before. It has the snapshot's {@code seq}, so a
 * viewer that already has the snapshot takes it once more ({@link OutboundQueue}).
 *
 * <p>Thread-safe: senders that need a form at the same moment may each write it (same text); strings are immutable.
 */
final class RenderedSnapshot {

  private final StoredSnapshot stored;
  private final boolean stall;
  private volatile List<String> afterOtherStatus;
  private volatile List<String> afterSameStatus;
  private volatile RenderedSnapshot stalledForm;

  RenderedSnapshot(StoredSnapshot stored) {
    this(stored, false);
  }

  private RenderedSnapshot(StoredSnapshot stored, boolean stall) {
    this.stored = stored;
    this.stall = stall;
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

  /** Whether this is the stalled form, the {@code status} that says the upload has stalled. */
  boolean isStall() {
    return stall;
  }

  /** When the processor wrote the snapshot (from its header: no parse); empty when the record does not say. */
  Optional<Instant> updatedAt() {
    return Optional.ofNullable(stored.updatedAt());
  }

  /** The whole snapshot; empty when the record breaks the contract beyond its header. */
  Optional<ProgressSnapshot> snapshot() {
    return stored.snapshot();
  }

  /** The same snapshot announced as stalled; one per snapshot, shared by every viewer. */
  RenderedSnapshot stalled() {
    if (stall) {
      return this;
    }
    RenderedSnapshot form = stalledForm;
    if (form == null) {
      form = new RenderedSnapshot(stored, true);
      stalledForm = form;
    }
    return form;
  }

  /**
   * The messages that move a viewer whose last status was {@code previous} (null: none yet, or a stall to clear) to
   * this snapshot; null when the record breaks the contract beyond its header (logged when parsed): then it is as if
   * it never came.
   */
  List<String> messagesAfter(UploadStatus previous) {
    boolean sameStatus = !stall && previous == stored.status();
    List<String> messages = sameStatus ? afterSameStatus : afterOtherStatus;
    if (messages == null) {
      messages = stored.snapshot().map(snapshot -> render(previous, snapshot)).orElse(null);
      if (sameStatus) {
        afterSameStatus = messages;
      } else {
        afterOtherStatus = messages;
      }
    }
    return messages;
  }

  private List<String> render(UploadStatus previous, ProgressSnapshot snapshot) {
    return stall
        ? List.of(ServerMessages.stalledStatus(snapshot))
        : List.copyOf(ServerMessages.forSnapshot(previous, snapshot));
  }

  /** The newer of two renderings of the same upload. */
  static RenderedSnapshot newer(RenderedSnapshot a, RenderedSnapshot b) {
    return a.seq() >= b.seq() ? a : b;
  }
}
