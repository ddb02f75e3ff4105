package org.uploadpipeline.processor.track;

import java.time.Duration;

/**
 * How the tracker publishes, and the limit that keeps its state bounded whatever a file holds.
 *
 * @param progressInterval the least time between two progress snapshots of one upload within a status
 * @param maxAggregateKeys distinct aggregate keys (days, months and products together) one upload may have; more
 *     fails the upload
 * @param aggregateBatch aggregate rows published (or dropped) per step, so completing an upload with many keys never
 *     builds one list of them all, nor one transaction
 * @param paceWindow the recent window a snapshot's {@code rowsPerSecond} and {@code etaSeconds} are measured over
 */
public record TrackerSettings(
    Duration progressInterval, long maxAggregateKeys, int aggregateBatch, Duration paceWindow) {}
