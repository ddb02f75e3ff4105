package org.uploadpipeline.processor.model;

import java.math.BigDecimal;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.AggregateRow;

/** The sums of one aggregate key over the valid rows of one chunk; merged per upload into {@link AggregateRow}s. */
public record PartialAggregate(
    AggregateKind kind, String key, long transactions, BigDecimal quantity, BigDecimal revenue) {

  public PartialAggregate plus(long moreTransactions, BigDecimal moreQuantity, BigDecimal moreRevenue) {
    return new PartialAggregate(
        kind, key, transactions + moreTransactions, quantity.add(moreQuantity), revenue.add(moreRevenue));
  }
}
