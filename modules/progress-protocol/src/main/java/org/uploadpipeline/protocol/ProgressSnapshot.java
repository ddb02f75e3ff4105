package org.uploadpipeline.protocol;

import java.time.Instant;

/**
 * The whole current state of one upload, the value of the compacted {@code uploads.progress} topic (key:
 * {@code uploadId}). The latest record of a key is all a late viewer needs.
 *
 * @param seq starts at 1 and grows with every snapshot of the upload
 * @param stage what the processor is doing now; equals the status name in this version
 * @param percent 0 to 100, never decreasing
 * @param rowsProcessed data rows read so far
 * @param totalRows null until known
 * @param error set when {@code status} is {@code failed}
 * @param results set when {@code status} is {@code completed}
 * @param rowsPerSecond the pace over the last few seconds (the processor's {@code processor.pace-window}), 0 before
 *     rows are counted and once the upload has ended; older producers leave it out, read as 0
 * @param etaSeconds the processor's estimate of the seconds left at that pace; null when unknown (size or pace not
 *     known yet, or the upload ended without completing), 0 once completed
 * @param fileName the uploaded file's name when its job gave one, else null
 * @param traceId the upload's W3C trace id ({@link TraceParent}), the same from the HTTP request to the socket; null
 *     for snapshots of older processors
 */
public record ProgressSnapshot(
    String uploadId,
    String tenantId,
    long seq,
    UploadStatus status,
    String stage,
    double percent,
    String message,
    long rowsProcessed,
    Long totalRows,
    UploadError error,
    UploadResults results,
    Instant startedAt,
    Instant updatedAt,
    double rowsPerSecond,
    Long etaSeconds,
    String fileName,
    String traceId) {

  /** A snapshot of an upload whose job gave no file name, outside any trace. */
  public ProgressSnapshot(
      String uploadId,
      String tenantId,
      long seq,
      UploadStatus status,
      String stage,
      double percent,
      String message,
      long rowsProcessed,
      Long totalRows,
      UploadError error,
      UploadResults results,
      Instant startedAt,
      Instant updatedAt,
      double rowsPerSecond,
      Long etaSeconds) {
    this(uploadId, tenantId, seq, status, stage, percent, message, rowsProcessed, totalRows, error, results, startedAt,
        updatedAt, rowsPerSecond, etaSeconds, null, null);
  }
}
