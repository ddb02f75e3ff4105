package org.uploadpipeline.processor.ingest;

import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.ProgressSnapshot;

/** What the chunker emits: an upload's event, its first snapshot, or a job record it refused. */
public sealed interface ChunkerOutput {

  /**
   * An event for the tracker: a {@link UploadEvent.ChunkRead} keyed {@code <uploadId>/<index>}, so chunks spread over
   * partitions; every other event keyed by upload id.
   */
  record Event(UploadEvent event) implements ChunkerOutput {}

  /**
   * A job record the chunker refused, as it was received; the reason travels in the record's headers.
   *
   * @param value the record's bytes, untouched, so the sender can see exactly what arrived
   */
  record DeadLetter(byte[] value) implements ChunkerOutput {}

  /** The {@code pending} snapshot of an upload just accepted, for {@code uploads.progress}, keyed by upload id. */
  record Pending(ProgressSnapshot snapshot) implements ChunkerOutput {}
}
