package org.uploadpipeline.processor.ingest;

import org.uploadpipeline.protocol.UploadJob;

/**
 * How far the chunker has read one upload, and whose upload it is. Kept in a changelogged store and committed in the
 * same transaction as the chunks it emitted, so after a crash reading resumes exactly where the committed chunks end.
 *
 * @param job the job being read; null for an upload refused before it could start
 * @param tenantId the tenant that owns the upload id: the tenant of its first job, for good
 * @param nextChunk index of the next chunk to emit
 * @param recordsConsumed CSV records behind the emitted chunks (header and blank lines included)
 * @param done true once the upload was read to the end, failed or was cancelled; a job re-sent for it is ignored
 * @param ended true when the chunker itself ended the upload (refused, failed, cancelled), so a cancel can change
 *     nothing; an upload read to the end is not ended here, as its last chunks may still be on their way to the
 *     tracker. Cursors written before this field read as false, and the tracker then decides.
 * @param traceparent the upload's trace context, carried by every record emitted for it; null when none
 */
record ChunkCursor(
    UploadJob job,
    String tenantId,
    int nextChunk,
    long recordsConsumed,
    boolean done,
    boolean ended,
    String traceparent) {

  static ChunkCursor start(UploadJob job, String traceparent) {
    return new ChunkCursor(job, job.tenantId(), 0, 0, false, false, traceparent);
  }

  /** An upload id claimed by a job that was refused: it stays its tenant's, and nothing is read for it. */
  static ChunkCursor refused(String tenantId, String traceparent) {
    return new ChunkCursor(null, tenantId, 0, 0, true, true, traceparent);
  }

  /** The owning tenant; cursors written before the tenant was recorded have it in their job. */
  String owner() {
    return tenantId != null ? tenantId : job == null ? null : job.tenantId();
  }

  ChunkCursor advanced(long records) {
    return new ChunkCursor(job, tenantId, nextChunk + 1, records, false, false, traceparent);
  }

  /** Read to the end: nothing more to read, but the upload ends in the tracker. */
  ChunkCursor finished() {
    return new ChunkCursor(job, tenantId, nextChunk, recordsConsumed, true, false, traceparent);
  }

  /** Failed or cancelled here: nothing more to read, and the outcome is decided. */
  ChunkCursor stopped() {
    return new ChunkCursor(job, tenantId, nextChunk, recordsConsumed, true, true, traceparent);
  }
}
