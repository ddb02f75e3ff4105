package org.uploadpipeline.processor.ingest;

/**
 * What the chunker reads, as received: both topics are read as bytes, so a record that is not what it should be is
 * the chunker's to refuse with a reason, never a deserialisation error that stops the stream.
 */
public sealed interface ChunkerInput {

  /** A record of {@code uploads.jobs}. */
  record Job(byte[] value) implements ChunkerInput {}

  /** A record of {@code uploads.commands}, co-partitioned with the jobs: it reaches the task reading its upload. */
  record Command(byte[] value) implements ChunkerInput {}
}
