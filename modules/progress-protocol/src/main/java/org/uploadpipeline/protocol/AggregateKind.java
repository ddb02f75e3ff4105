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

  /** Computed once: a kind is in the key of every aggregate of every row. */
  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name on the wire and in record keys, e.g. {@code daily}. */
  public String wireName() {
    return wireName;
  }

  /** The wire name, so a kind reads in keys and messages as it does on the topic. */
  @Override
  public String toString() {
    return wireName();
  }
}
