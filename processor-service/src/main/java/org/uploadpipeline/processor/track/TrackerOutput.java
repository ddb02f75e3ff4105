package org.uploadpipeline.processor.track;

import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;

/** What the tracker publishes, one kind per contract topic. */
public sealed interface TrackerOutput {

  /** For {@code uploads.progress}, keyed by upload id. */
  record Progress(ProgressSnapshot snapshot) implements TrackerOutput {}

  /** For {@code uploads.aggregates}, keyed {@code <uploadId>/<kind>/<key>}. */
  record Aggregate(AggregateRow row) implements TrackerOutput {}
}
