package org.uploadpipeline.processor.model;

import java.time.Instant;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * An accepted upload's first snapshot, {@code pending} with {@code seq} 1. The chunker publishes it in the transaction
 * that takes the job, so a viewer sees the upload at the first commit instead of after the events have crossed a
 * repartition to the tracker; the tracker's own snapshots of an accepted upload start after it.
 */
public final class PendingSnapshot {

  /** The {@code seq} of the pending snapshot. */
  public static final long SEQ = 1;
  public static final String MESSAGE = "Upload received";

  private PendingSnapshot() {}

  public static ProgressSnapshot of(String uploadId, String tenantId, Instant acceptedAt) {
    return of(uploadId, tenantId, acceptedAt, null, null);
  }

  /**
   * @param fileName the file's name as its job gave it, null when it gave none
   * @param traceId the upload's trace id, null when it has none
   */
  public static ProgressSnapshot of(
      String uploadId, String tenantId, Instant acceptedAt, String fileName, String traceId) {
    return new ProgressSnapshot(uploadId, tenantId, SEQ, UploadStatus.PENDING, UploadStatus.PENDING.wireName(), 0.0,
        MESSAGE, 0, null, null, null, acceptedAt, acceptedAt, 0.0, null, fileName, traceId);
  }
}
