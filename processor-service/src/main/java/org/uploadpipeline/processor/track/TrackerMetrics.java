package org.uploadpipeline.processor.track;

/** What the tracker counts beyond Kafka Streams' own metrics. */
public interface TrackerMetrics {

  /** Counts nothing: for tests that do not look. */
  TrackerMetrics NONE = () -> { };

  /** An event named another tenant than the upload's owner, and was ignored. */
  void foreignTenantEventIgnored();
}
