package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.uploadpipeline.protocol.Topics;

/**
 * The snapshot store under load and after restarts. First, many snapshots of distinct uploads are produced while the
 * gateway runs, and its global consumer's record count and lag ({@code /actuator/prometheus}, once a second) give the
 * live ingest rate until it has caught up. Then the gateway is restarted twice: warm (its state directory kept) and
 * cold (wiped, so the store restores the whole topic): JVM launch → first 200 from readiness, and the restore time
 * from the store's state changes in its log.
 */
final class RestartPhase {

  /** The global consumer's metrics as Micrometer binds Kafka's (found in a scrape of this gateway version). */
  static final String CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
  static final String LAG_MAX = "kafka_consumer_fetch_manager_records_lag_max";
  /** Kafka Streams names its global consumer's client id {@code <client id>-global-consumer}. */
  private static final Predicate<String> GLOBAL_CONSUMER = labels -> labels.contains("global-consumer");

  private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration READY_EXTRA = Duration.ofSeconds(10);
  private static final String STORE_STARTS = "Snapshot store CREATED -> REBALANCING";
  private static final String STORE_RUNNING = "Snapshot store REBALANCING -> RUNNING";

  private final GatewayUnderTest gateway;
  private final int count;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  RestartPhase(GatewayUnderTest gateway, SuiteSizes sizes) {
    this.gateway = gateway;
    this.count = sizes.restartSnapshots();
  }

  List<ResultRow> run() throws Exception {
    List<ResultRow> rows = new ArrayList<>();
    rows.add(liveIngest());
    rows.add(restart(false));
    rows.add(restart(true));
    return rows;
  }

  private ResultRow liveIngest() throws Exception {
    Prometheus first = gateway.scrape();
    first.named("records_consumed").forEach(s -> System.out.println("restart: metric " + s));
    first.named("records_lag").forEach(s -> System.out.println("restart: metric " + s));
    OptionalDouble before = first.sum(CONSUMED, GLOBAL_CONSUMER);
    long ticks = ProcessCpu.ticks(gateway.pid());
    long start = System.nanoTime();
    // Generous: the gateway and the producer share two cores with the broker.
    long deadline = start + Duration.ofSeconds(120 + count / 2_000).toNanos();
    CompletableFuture<SnapshotFill.Result> fill =
        CompletableFuture.supplyAsync(
            () -> SnapshotFill.run(gateway.bootstrapServers(), Topics.DEFAULT_PROGRESS, "suite-fill-" + run + "-",
                count));
    String ingest = before.isPresent()
        ? follow(before.getAsDouble(), start, deadline)
        : "METRIC MISSING: no " + CONSUMED + " of the global consumer in the scrape; live ingest not measured";
    SnapshotFill.Result produced;
    try {
      produced = fill.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("TIMEOUT: the fill of " + count + " snapshots did not finish", e);
    }
    double cpuMicrosPerRecord = ProcessCpu.millis(ProcessCpu.ticks(gateway.pid()) - ticks) * 1000 / count;
    String result = String.format(Locale.ROOT,
        "produced %d snapshots (%.0f bytes each) in %.1f s (%.0f/s); %s; gateway CPU %.1f µs/record (its scrapes"
            + " included)",
        count, produced.bytesPerSnapshot(), produced.seconds(), produced.perSecond(), ingest, cpuMicrosPerRecord);
    System.out.println("restart: live ingest: " + result);
    return new ResultRow("restart", "live ingest of " + count + " snapshots of distinct uploads", result);
  }

  /**
   * Scrapes once a second until the global consumer has consumed {@code count} more records than {@code before}
   * (nothing else writes the topic meanwhile); describes the rate.
   */
  private String follow(double before, long start, long deadline) throws Exception {
    double consumed = 0;
    double lagMax = 0;
    double peakRate = 0;
    long lastAt = start;
    while (consumed < count && System.nanoTime() < deadline) {
      Waits.pause(SAMPLE_INTERVAL);
      Prometheus sample = gateway.scrape();
      long now = System.nanoTime();
      double total = sample.sum(CONSUMED, GLOBAL_CONSUMER).orElse(before) - before;
      lagMax = Math.max(lagMax, sample.max(LAG_MAX, GLOBAL_CONSUMER).orElse(0));
      peakRate = Math.max(peakRate, (total - consumed) / ((now - lastAt) / 1e9));
      lastAt = now;
      consumed = total;
    }
    double seconds = (lastAt - start) / 1e9;
    String timeout = consumed < count
        ? String.format(Locale.ROOT, "TIMEOUT: only %.0f of %d consumed after %.0f s; ", consumed, count, seconds)
        : "";
    if (!timeout.isEmpty()) {
      System.out.println(timeout);
    }
    return String.format(Locale.ROOT, "%sthe store consumed them %.1f s after the fill began (sampled every %d s):"
            + " %.0f records/s on average, peak %.0f/s, records-lag-max up to %.0f",
        timeout, seconds, SAMPLE_INTERVAL.toSeconds(), consumed / seconds, peakRate, lagMax);
  }

  private ResultRow restart(boolean cold) throws Exception {
    String kind = cold ? "cold (state wiped)" : "warm (state kept)";
    long records = topicRecords();
    gateway.stop();
    if (cold) {
      gateway.wipeState();
    }
    long logOffset = GatewayLog.end(gateway.log());
    long launch;
    long readyAt;
    try (ReadinessProbe probe = new ReadinessProbe(gateway.port())) {
      launch = System.nanoTime();
      try {
        gateway.start();
      } catch (IllegalStateException e) {
        System.out.println("TIMEOUT or failure: the gateway did not become ready: " + e.getMessage());
        throw e;
      }
      readyAt = probe.readyAt(READY_EXTRA);
    }
    if (readyAt < 0) {
      System.out.println("TIMEOUT: the readiness probe saw no 200 within " + READY_EXTRA.toSeconds()
          + " s after the local stack did");
    }
    GatewayLog log = GatewayLog.since(gateway.log(), logOffset);
    Duration restore = log.between(STORE_STARTS, STORE_RUNNING).orElse(null);
    String started = log.first("Started GatewayApplication in").map(l -> l.substring(l.indexOf("Started")))
        .orElse("no \"Started\" line");
    double readySeconds = readyAt < 0 ? Double.NaN : (readyAt - launch) / 1e9;
    String restoreText;
    if (restore == null) {
      restoreText = "no store RUNNING line in the log";
    } else if (cold) {
      double restoreSeconds = Math.max(0.001, restore.toMillis() / 1000.0);
      restoreText = String.format(Locale.ROOT, "store restore %.2f s (REBALANCING → RUNNING in its log): %.0f"
          + " records/s of the topic's %d, %.0f/s counting the %d fill snapshots only", restoreSeconds,
          records / restoreSeconds, records, count / restoreSeconds, count);
    } else {
      // From its checkpoint: only what was appended after it, so a rate would mean nothing.
      restoreText = String.format(Locale.ROOT, "store catch-up from its checkpoint %.2f s (REBALANCING → RUNNING)",
          restore.toMillis() / 1000.0);
    }
    String result = String.format(Locale.ROOT, "JVM launch → readiness 200 in %.2f s; %s; %s; RSS %d MiB",
        readySeconds, restoreText, started, ProcessMemory.rssKib(gateway.pid()) / 1024);
    System.out.println("restart " + kind + ": " + result);
    return new ResultRow("restart", kind + " restart with " + records + " records in the topic", result);
  }

  /** Records in the progress topic (end minus start offsets: what a cold store restores, before compaction). */
  private long topicRecords() throws Exception {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, gateway.bootstrapServers()))) {
      List<TopicPartition> partitions =
          admin.describeTopics(List.of(Topics.DEFAULT_PROGRESS)).allTopicNames().get(10, TimeUnit.SECONDS)
              .get(Topics.DEFAULT_PROGRESS).partitions().stream()
              .map(p -> new TopicPartition(Topics.DEFAULT_PROGRESS, p.partition()))
              .toList();
      Map<TopicPartition, ListOffsetsResultInfo> earliest =
          admin.listOffsets(specs(partitions, OffsetSpec.earliest())).all().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResultInfo> latest =
          admin.listOffsets(specs(partitions, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS);
      return partitions.stream().mapToLong(p -> latest.get(p).offset() - earliest.get(p).offset()).sum();
    }
  }

  private static Map<TopicPartition, OffsetSpec> specs(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(p -> specs.put(p, spec));
    return specs;
  }
}
