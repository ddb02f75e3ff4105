package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The life cycle of an upload. A snapshot's status never moves backwards in this order. {@code completed},
 * {@code failed} and {@code cancelled} are terminal: an upload reaches one of them at most once and stays there.
 */
public enum UploadStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("validating")
  VALIDATING,
  @JsonProperty("processing")
  PROCESSING,
  @JsonProperty("completed")
  COMPLETED,
  @JsonProperty("failed")
  FAILED,
  /** Stopped on request (a {@code cancel} command on {@code uploads.commands}); its aggregates are never published. */
  @JsonProperty("cancelled")
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The name used on the wire, e.g. {@code processing}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
