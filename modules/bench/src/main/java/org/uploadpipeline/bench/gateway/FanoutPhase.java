package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Fan-out to many viewers of one upload: updates one second apart, and for each the time until the LAST viewer held
 * it (or a newer state), and how many viewers never got that exact update (conflated or lost).
 */
final class FanoutPhase {

  private static final Duration UPDATE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  /** Two loops: one selector thread would parse every message of all viewers alone. */
  private static final int CLIENT_LOOPS = 2;

  private final GatewayUnderTest gateway;
  private final int viewerCount;
  private final int updates;
  private final String uploadId = "suite-fanout-" + Long.toString(System.currentTimeMillis(), 36);

  FanoutPhase(GatewayUnderTest gateway, SuiteSizes sizes) {
    this.gateway = gateway;
    this.viewerCount = sizes.fanoutViewers();
    this.updates = sizes.fanoutUpdates();
  }

  List<ResultRow> run() throws Exception {
    long firstSeq = 2;
    long lastSeq = updates + 1;
    long[] producedAt = new long[(int) lastSeq + 1];
    ResultRow row;
    try (SnapshotFeed feed = new SnapshotFeed(gateway.bootstrapServers());
        Viewers viewers = new Viewers(gateway, "fanout-" + uploadId, CLIENT_LOOPS)) {
      feed.send(uploadId, 1, UploadStatus.PROCESSING);
      feed.flush();
      long connectStart = System.nanoTime();
      List<Viewer> all = viewers.open(Collections.nCopies(viewerCount, uploadId));
      viewers.awaitReady(Duration.ofSeconds(60 + viewerCount / 100));
      System.out.printf(Locale.ROOT, "fanout: %s in %.1f s%n", viewers.progress(),
          (System.nanoTime() - connectStart) / 1e9);
      List<Viewer> ready = all.stream().filter(Viewer::isReady).toList();
      long next = System.nanoTime();
      for (long seq = firstSeq; seq <= lastSeq; seq++) {
        producedAt[(int) seq] = feed.sendStamped(uploadId, seq);
        next += UPDATE_INTERVAL.toNanos();
        Waits.pause(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
      }
      Waits.until(() -> ready.stream().allMatch(v -> v.lastSeq() >= lastSeq), DRAIN_TIMEOUT,
          "every viewer to hold the last update",
          () -> ready.stream().filter(v -> v.lastSeq() < lastSeq).count() + " viewers behind");
      row = report(ready, viewers, producedAt, firstSeq, lastSeq);
    }
    gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
    return List.of(row);
  }

  private ResultRow report(List<Viewer> ready, Viewers viewers, long[] producedAt, long firstSeq, long lastSeq) {
    int span = (int) (lastSeq - firstSeq + 1);
    long[] lastHeld = new long[span];
    int[] missedExact = new int[span];
    int[] neverHeld = new int[span];
    for (Viewer viewer : ready) {
      Viewer.Deliveries received = viewer.deliveries();
      long[] firstHeld = new long[span];
      boolean[] exact = new boolean[span];
      long held = Long.MIN_VALUE;
      long seq = firstSeq;
      for (int i = 0; i < received.count(); i++) {
        long got = received.seqs()[i];
        if (got >= firstSeq && got <= lastSeq) {
          exact[(int) (got - firstSeq)] = true;
        }
        if (got > held) {
          held = got;
          // Every update up to the newest state held is held from this arrival on.
          for (; seq <= Math.min(held, lastSeq); seq++) {
            firstHeld[(int) (seq - firstSeq)] = received.arrivals()[i];
          }
        }
      }
      for (int k = 0; k < span; k++) {
        missedExact[k] += exact[k] ? 0 : 1;
        if (firstHeld[k] == 0) {
          neverHeld[k]++;
        } else {
          lastHeld[k] = Math.max(lastHeld[k], firstHeld[k]);
        }
      }
    }
    Histogram toLast = Percentiles.micros();
    for (int k = 0; k < span; k++) {
      if (lastHeld[k] > 0) {
        Percentiles.record(toLast, lastHeld[k] - producedAt[(int) (firstSeq + k)]);
      }
    }
    int missed = Arrays.stream(missedExact).sum();
    int never = Arrays.stream(neverHeld).sum();
    String result = String.format(Locale.ROOT,
        "update → last of %d viewers: p50 %.0f / max %.0f ms over %d updates; missed (never got that exact update)"
            + " %d in total, per update %s; never reached %d; %d failed to connect, %d closed by the server",
        ready.size(), Percentiles.ms(toLast, 50), toLast.getMaxValue() / 1000.0, toLast.getTotalCount(), missed,
        Arrays.toString(missedExact), never, viewers.failed(), viewers.closedAfterReady());
    System.out.println("fanout: " + result);
    return new ResultRow("fanout", ready.size() + " viewers of one upload, " + span + " updates 1 s apart", result);
  }
}
