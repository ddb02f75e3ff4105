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
    Instant updatedAt) {}
