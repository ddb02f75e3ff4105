package org.uploadpipeline.protocol;

/** How many records of each kind an upload produced. */
public record AggregationCounts(
    long rawTransactions, long dailyAggregations, long monthlyAggregations, long productAggregations) {}
