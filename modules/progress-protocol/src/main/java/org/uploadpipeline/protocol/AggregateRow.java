package org.uploadpipeline.protocol;

import java.math.BigDecimal;

/**
 * One aggregate of an upload, the value of the compacted {@code uploads.aggregates} topic (key:
 * {@code <uploadId>/<kind>/<key>}). Decimal sums are exact.
 *
 * @param kind what the aggregate sums over, and so what its key is
 * @param transactions valid rows that fell into this aggregate
 */
public record AggregateRow(
    String uploadId, AggregateKind kind, String key, long transactions, BigDecimal quantity, BigDecimal revenue) {

  /** The record key of this aggregate on {@code uploads.aggregates}. */
  public String recordKey() {
    return uploadId + "/" + kind + "/" + key;
  }
}
