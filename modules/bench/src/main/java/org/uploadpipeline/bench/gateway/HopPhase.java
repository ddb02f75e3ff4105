package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The gateway's hop: stamped updates produced at a steady rate, timed append → receive by the viewers and, side by
 * side in the same run, by a {@link PlainConsumer} of the same records; the difference is what the gateway adds.
 * Per scenario: the plain consumer's latency, the viewers' delivered-message latency, their latest-state latency
 * ({@link LatestStateLatency}), delivered share, order, and whether every viewer ended on {@code complete}.
 */
final class HopPhase {

  /** Viewers of one upload, or one viewer per upload of many. */
  record Scenario(String name, int uploads, int viewersPerUpload, int rate) {
    int viewers() {
      return uploads * viewersPerUpload;
    }

    /**
     * How long this scenario produces: at least {@code seconds}, and long enough for the plain consumer (one sample
     * per record) to have 1,000 samples.
     */
    int seconds(int seconds) {
      return Math.max(seconds, (MIN_SAMPLES + uploads * rate - 1) / (uploads * rate) + 1);
    }

    String describe(int seconds) {
      return viewers() + " viewers of " + uploads + (uploads == 1 ? " upload" : " uploads") + ", " + rate
          + " updates/s each for " + seconds + " s";
    }
  }

  static final List<Scenario> SCENARIOS =
      List.of(new Scenario("a", 1, 100, 20), new Scenario("b", 100, 1, 100));

  private static final int MIN_SAMPLES = 1000;
  private static final String GATEWAY_LATENCY = "gateway_ws_event_latency_seconds";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final GatewayUnderTest gateway;
  private final int seconds;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  HopPhase(GatewayUnderTest gateway, SuiteSizes sizes) {
    this.gateway = gateway;
    this.seconds = sizes.hopSeconds();
  }

  List<ResultRow> run() throws Exception {
    List<ResultRow> rows = new ArrayList<>();
    for (Scenario scenario : SCENARIOS) {
      rows.add(run(scenario));
      gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
    }
    return rows;
  }

  private ResultRow run(Scenario scenario) throws Exception {
    int seconds = scenario.seconds(this.seconds);
    String prefix = "suite-hop-" + run + "-" + scenario.name() + "-";
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < scenario.uploads(); u++) {
      ids.add(prefix + u);
    }
    int updates = seconds * scenario.rate();
    long firstSeq = 2;
    long lastSeq = updates + 1;
    long[][] producedAt = new long[scenario.uploads()][(int) lastSeq + 1];
    try (PlainConsumer plain = new PlainConsumer(gateway.bootstrapServers(), prefix);
        SnapshotFeed feed = new SnapshotFeed(gateway.bootstrapServers());
        Viewers viewers = new Viewers(gateway, "hop-" + scenario.name() + "-" + run, 1)) {
      ids.forEach(id -> feed.send(id, 1, UploadStatus.PROCESSING));
      feed.flush();
      List<String> watched = new ArrayList<>();
      for (int v = 0; v < scenario.viewers(); v++) {
        watched.add(ids.get(v % scenario.uploads()));
      }
      List<Viewer> all = viewers.open(watched);
      viewers.awaitReady(READY_TIMEOUT);
      System.out.println("hop (" + scenario.name() + "): " + viewers.progress());
      Prometheus before = Prometheus.scrape(gateway.port());
      double producedSeconds = produce(feed, ids, producedAt, firstSeq, lastSeq, scenario.rate());
      ids.forEach(id -> feed.send(id, lastSeq + 1, UploadStatus.COMPLETED));
      feed.flush();
      viewers.awaitComplete(DRAIN_TIMEOUT);
      Prometheus after = Prometheus.scrape(gateway.port());
      String inside = String.format(Locale.ROOT, "inside the gateway (its %s histogram: store → written) p50 ≤ %.1f /"
              + " p99 ≤ %.1f ms", GATEWAY_LATENCY, 1000 * after.quantileSince(before, GATEWAY_LATENCY, 0.5),
          1000 * after.quantileSince(before, GATEWAY_LATENCY, 0.99));
      long expectedPlain = (long) updates * scenario.uploads();
      Waits.until(() -> plain.received() >= expectedPlain, DRAIN_TIMEOUT, "the plain consumer's records",
          () -> plain.received() + " of " + expectedPlain);
      return report(scenario, seconds, all, viewers, plain.latency(), producedAt, firstSeq, lastSeq, producedSeconds,
          inside);
    }
  }

  /** Produces seq firstSeq..lastSeq of every upload at {@code rate} a second; returns the seconds it took. */
  private static double produce(
      SnapshotFeed feed, List<String> ids, long[][] producedAt, long firstSeq, long lastSeq, int rate) {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long next = start;
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      for (int u = 0; u < ids.size(); u++) {
        producedAt[u][(int) seq] = feed.sendStamped(ids.get(u), seq);
      }
      next += interval;
      Waits.pause(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
    }
    feed.flush();
    return (System.nanoTime() - start) / 1e9;
  }

  private ResultRow report(Scenario scenario, int seconds, List<Viewer> all, Viewers viewers, Histogram plain,
      long[][] producedAt, long firstSeq, long lastSeq, double producedSeconds, String inside) {
    Histogram delivered = Percentiles.micros();
    LatestStateLatency latest = new LatestStateLatency();
    long outOfOrder = 0;
    for (Viewer viewer : all) {
      Viewer.Deliveries received = viewer.deliveries();
      for (int i = 0; i < received.count(); i++) {
        if (received.stamps()[i] > 0) {
          Percentiles.record(delivered, received.arrivals()[i] - received.stamps()[i]);
        }
      }
      int upload = Integer.parseInt(viewer.uploadId.substring(viewer.uploadId.lastIndexOf('-') + 1));
      latest.add(producedAt[upload], firstSeq, lastSeq, received);
      outOfOrder += viewer.outOfOrder();
    }
    long expected = (long) all.size() * (lastSeq - firstSeq + 1);
    double deliveredShare = 100.0 * delivered.getTotalCount() / Math.max(1, expected);
    Histogram latestHistogram = latest.histogram();
    String added = String.format(Locale.ROOT, "gateway adds p50 %+.1f / p99 %+.1f ms (delivered), %+.1f / %+.1f ms"
            + " (latest state)",
        Percentiles.ms(delivered, 50) - Percentiles.ms(plain, 50), Percentiles.ms(delivered, 99)
            - Percentiles.ms(plain, 99), Percentiles.ms(latestHistogram, 50) - Percentiles.ms(plain, 50),
        Percentiles.ms(latestHistogram, 99) - Percentiles.ms(plain, 99));
    String tail = String.format(Locale.ROOT, "delivered %.2f %% of %d (rest conflated), %d out of order, %d/%d ended"
            + " on complete, %d update×viewer pairs never reached, %d failed, %d closed by the server",
        deliveredShare, expected, outOfOrder, viewers.complete(), all.size(), latest.never(), viewers.failed(),
        viewers.closedAfterReady());
    System.out.printf(Locale.ROOT, "hop (%s) %s (produced in %.1f s): plain consumer %s; viewers delivered %s;"
            + " latest state %s; %s; %s; %s%n",
        scenario.name(), scenario.describe(seconds), producedSeconds, Percentiles.millis(plain),
        Percentiles.millis(delivered), Percentiles.millis(latestHistogram), added, inside, tail);
    return new ResultRow("hop", "(" + scenario.name() + ") " + scenario.describe(seconds),
        "plain consumer " + Percentiles.millis(plain) + "; viewers delivered " + Percentiles.millis(delivered)
            + "; latest state " + Percentiles.millis(latestHistogram) + "; " + added + "; " + inside + "; " + tail);
  }
}
