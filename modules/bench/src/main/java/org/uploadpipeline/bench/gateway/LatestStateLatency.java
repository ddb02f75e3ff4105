package org.uploadpipeline.bench.gateway;

import org.HdrHistogram.Histogram;

/**
 * For every produced update and every viewer of its upload: the time from its production until the viewer holds a
 * state at least as new (seq >= the update's). An update conflated away counts until a newer state arrived, so
 * conflation is not free here as it is in the delivered-message latency (which only sees what was sent).
 */
final class LatestStateLatency {

  private final Histogram histogram = Percentiles.micros();
  private long never;

  /**
   * Adds one viewer's samples.
   *
   * @param producedAt the producer's stamp of each update, indexed by seq
   * @param firstSeq the first timed update's seq
   * @param lastSeq the last timed update's seq
   * @param received what the viewer received, in arrival order (later states, such as the final one, count too)
   */
  void add(long[] producedAt, long firstSeq, long lastSeq, Viewer.Deliveries received) {
    int next = 0;
    long held = Long.MIN_VALUE;
    long heldSince = 0;
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      // The newest state held only grows; the moment it first reached seq or beyond answers this update.
      while (held < seq && next < received.count()) {
        if (received.seqs()[next] > held) {
          held = received.seqs()[next];
          heldSince = received.arrivals()[next];
        }
        next++;
      }
      if (held >= seq) {
        Percentiles.record(histogram, heldSince - producedAt[(int) seq]);
      } else {
        never++;
      }
    }
  }

  Histogram histogram() {
    return histogram;
  }

  /** Update × viewer pairs where the viewer never got that state or a newer one before the phase ended. */
  long never() {
    return never;
  }
}
