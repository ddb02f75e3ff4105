package org.uploadpipeline.processor.ingest;

import org.uploadpipeline.protocol.UploadJob;

/**
 * How far the chunker has read one upload. Kept in a changelogged store and committed in the same transaction as the
 * chunks it emitted, so after a crash reading resumes exactly where the committed chunks end.
 *
 * @param nextChunk index of the next chunk to emit
 * @param recordsConsumed CSV records behind the emitted chunks (header and blank lines included)
 * @param done true once the upload was read to the end or failed; a job re-sent for it is ignored
 */
record ChunkCursor(UploadJob job, int nextChunk, long recordsConsumed, boolean done) {

  static ChunkCursor start(UploadJob job) {
    return new ChunkCursor(job, 0, 0, false);
  }

  ChunkCursor advanced(long records) {
    return new ChunkCursor(job, nextChunk + 1, records, false);
  }

  ChunkCursor finished() {
    return new ChunkCursor(job, nextChunk, recordsConsumed, true);
  }
}
