package org.uploadpipeline.processor.track;

import java.time.Duration;
import org.uploadpipeline.processor.model.IgnoredCommand;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * What the tracker measures beyond Kafka Streams' own metrics. Nothing is labelled by upload, user or tenant: the
 * number of series stays fixed however many uploads there are.
 */
public interface TrackerMetrics {

  /** Measures nothing: for tests that do not look. */
  TrackerMetrics NONE = new TrackerMetrics() { };

  /** An event named another tenant than the upload's owner, and was ignored. */
  default void foreignTenantEventIgnored() {}

  /**
   * A validated chunk was counted into its upload.
   *
   * @param sinceRead from the chunker's read of the chunk to now: the pipeline's lag for this upload
   */
  default void chunkTracked(long validRows, long invalidRows, Duration sinceRead) {}

  /** An upload reached {@code outcome} (completed, failed or cancelled), {@code took} after it was accepted. */
  default void uploadFinished(UploadStatus outcome, Duration took) {}

  /** A cancel reached the tracker for an upload that has finished, and was ignored. */
  default void commandIgnored(IgnoredCommand reason) {}
}
