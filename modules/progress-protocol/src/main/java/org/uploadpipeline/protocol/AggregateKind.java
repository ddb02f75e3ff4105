package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What an aggregate of {@code uploads.aggregates} sums over; its wire name is part of the record key. */
public enum AggregateKind {
  /** Per calendar day, key {@code 2026-11-05}. */
  @JsonProperty("daily")
  DAILY,
  /** Per calendar month, key {@code 2026-11}. */
  @JsonProperty("monthly")
  MONTHLY,
  /** Per product, key the product as written in the file. */
  @JsonProperty("product")
  PRODUCT;

  /** The name on the wire and in record keys, e.g. {@code daily}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The wire name, so a kind reads in keys and messages as it does on the topic. */
  @Override
  public String toString() {
    return wireName();
  }
}
