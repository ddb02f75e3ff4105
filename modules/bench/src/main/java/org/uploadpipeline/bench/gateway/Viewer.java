package org.uploadpipeline.bench.gateway;

import java.util.Arrays;

/**
 * One viewer connection of a {@link Viewers} pool and every state message it received, in arrival order: arrival
 * time, seq and the producer's stamp (-1 for unstamped states). Written on its client loop's thread, read by the phase
 * once it is done; synchronized because those are two threads.
 */
final class Viewer {

  /** What a viewer received, copied out for analysis. */
  record Deliveries(long[] arrivals, long[] seqs, long[] stamps) {
    int count() {
      return seqs.length;
    }
  }

  final String uploadId;
  private long[] arrivals = new long[4];
  private long[] seqs = new long[4];
  private long[] stamps = new long[4];
  private int count;
  private long lastSeq;
  private long outOfOrder;
  private boolean complete;
  /** Its handshake slot of the pool was given back (first state, or failure before it): once only. */
  private boolean released;

  Viewer(String uploadId) {
    this.uploadId = uploadId;
  }

  /** A {@code status} or {@code progress} message arrived; true when it was the viewer's first state. */
  synchronized boolean state(long arrival, long seq, long stamp) {
    if (count == seqs.length) {
      arrivals = Arrays.copyOf(arrivals, count * 2);
      seqs = Arrays.copyOf(seqs, count * 2);
      stamps = Arrays.copyOf(stamps, count * 2);
    }
    arrivals[count] = arrival;
    seqs[count] = seq;
    stamps[count] = stamp;
    count++;
    if (seq <= lastSeq) {
      outOfOrder++;
    }
    lastSeq = Math.max(lastSeq, seq);
    return count == 1;
  }

  /** The {@code complete} message arrived; true the first time. */
  synchronized boolean complete() {
    boolean first = !complete;
    complete = true;
    return first;
  }

  /** Takes the viewer's handshake slot back; true only the first time. */
  synchronized boolean release() {
    boolean first = !released;
    released = true;
    return first;
  }

  synchronized boolean isReady() {
    return count > 0;
  }

  synchronized long lastSeq() {
    return lastSeq;
  }

  synchronized long outOfOrder() {
    return outOfOrder;
  }

  synchronized Deliveries deliveries() {
    return new Deliveries(
        Arrays.copyOf(arrivals, count), Arrays.copyOf(seqs, count), Arrays.copyOf(stamps, count));
  }
}
