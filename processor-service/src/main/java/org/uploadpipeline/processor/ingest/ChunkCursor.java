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
 * @param done true once the upload was read to the end or failed; a job re-sent for it is ignored
 */
record ChunkCursor(UploadJob job, String tenantId, int nextChunk, long recordsConsumed, boolean done) {

  static ChunkCursor start(UploadJob job) {
    return new ChunkCursor(job, job.tenantId(), 0, 0, false);
  }

  /** An upload id claimed by a job that was refused: it stays its tenant's, and nothing is read for it. */
  static ChunkCursor refused(String tenantId) {
    return new ChunkCursor(null, tenantId, 0, 0, true);
  }

  /** The owning tenant; cursors written before the tenant was recorded have it in their job. */
  String owner() {
    return tenantId != null ? tenantId : job == null ? null : job.tenantId();
  }

  ChunkCursor advanced(long records) {
    return new ChunkCursor(job, tenantId, nextChunk + 1, records, false);
  }

  ChunkCursor finished() {
    return new ChunkCursor(job, tenantId, nextChunk, recordsConsumed, true);
  }
}
