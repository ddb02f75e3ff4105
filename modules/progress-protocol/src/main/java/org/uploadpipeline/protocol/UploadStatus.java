package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The life cycle of an upload. A snapshot's status never moves backwards in this order. */
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
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }

  /** The name used on the wire, e.g. {@code processing}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
