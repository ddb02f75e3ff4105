package org.uploadpipeline.processor.ingest;

import org.uploadpipeline.processor.model.IgnoredCommand;

/** What the chunker counts. Nothing is labelled by upload, user or tenant. */
public interface ChunkerMetrics {

  /** Counts nothing: for tests that do not look. */
  ChunkerMetrics NONE = new ChunkerMetrics() { };

  /** A record of {@code uploads.commands} was skipped, for this reason. */
  default void commandIgnored(IgnoredCommand reason) {}
}
