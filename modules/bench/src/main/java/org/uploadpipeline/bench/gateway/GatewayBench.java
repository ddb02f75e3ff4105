package org.uploadpipeline.bench.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.uploadpipeline.client.ResumePoint;
import org.uploadpipeline.devtokens.Hs256Tokens;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.protocol.WebSocketJson;

/**
 * WebSocket load generator for the gateway (127.0.0.x targets only; every mode stops by itself). Modes:
 * <ul>
 *   <li>{@code idle}: open N browser-like authenticated sessions, wait for each one's first state, hold them;
 *   <li>{@code connect}: connect + authenticate + first state, sequentially, percentiles;
 *   <li>{@code hop}: snapshot appended to the topic → received by the client, percentiles, loss check;
 *   <li>{@code burst}: back-to-back updates then complete to V viewers of one upload; order and time to drain.
 *   <li>{@code fill}: produce {@code --count} small snapshots of distinct uploads once (restart-to-ready figures);
 *   <li>{@code update}: produce one snapshot {@code --seq} of {@code --upload}, stamped for idle generators that
 *       share that upload ({@code idle --upload ID}) to report how many of their sessions received it and when.
 * </ul>
 * Options: {@code --port 8080 --hosts 127.0.0.1,127.0.0.2 --secret S --kafka 127.0.0.1:9092 --topic uploads.progress
 * --connections N --hold 60 --upload ID --clients 100 --uploads 1 --rate 20 --seconds 20 --viewers 100
 * --updates 1000 --n 200 --count 1000000 --seq 2}. Tokens carry {@code iss} {@code upload-pipeline-dev} and
 * {@code aud} {@code upload-pipeline} ({@link Hs256Tokens}): start the measured gateway with those as
 * {@code JWT_ISSUER} and {@code JWT_AUDIENCE}.
 */
public final class GatewayBench {

  private final Map<String, String> options;
  private final String secret;
  private final int port;
  private final String[] hosts;
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  private GatewayBench(Map<String, String> options) {
    this.options = options;
    this.secret = option("secret", null);
    this.port = Integer.parseInt(option("port", "8080"));
    this.hosts = option("hosts", "127.0.0.1").split(",");
    for (String host : hosts) {
      if (!host.startsWith("127.0.0.")) {
        throw new IllegalArgumentException("load tests only against 127.0.0.x: " + host);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    GatewayBench bench = new GatewayBench(options);
    switch (args[0]) {
      case "idle" -> bench.idle();
      case "connect" -> bench.connect();
      case "hop" -> bench.hop();
      case "burst" -> bench.burst();
      case "fill" -> bench.fill();
      case "update" -> bench.update();
      default -> throw new IllegalArgumentException("mode: idle | connect | hop | burst | fill | update");
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------------------------------------------- idle

  private void idle() throws Exception {
    int connections = Integer.parseInt(option("connections", "1000"));
    int hold = Integer.parseInt(option("hold", "60"));
    String uploadId = option("upload", "bench-idle-" + run);
    try (KafkaProducer<String, String> producer = producer()) {
      // seq 1: a no-op for the gateways when another generator sharing --upload published it already.
      publish(producer, snapshot(uploadId, 1, UploadStatus.PROCESSING, 50, 0));
    }
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger updated = new AtomicInteger();
    AtomicLong firstUpdateAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong lastUpdateAt = new AtomicLong();
    AtomicLong updateSentAt = new AtomicLong();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(200);
    WsClientLoop.Listener listener =
        new WsClientLoop.Listener() {
          @Override
          public void onOpen(WsClientLoop.Connection c) {}

          @Override
          public void onText(WsClientLoop.Connection c, String text) {
            ServerMessage message = WebSocketJson.read(text);
            String stamp = stateText(message);
            if (stamp != null && stamp.startsWith("u=")) {
              // An update from the `update` mode: count each session once, note the spread of arrival times.
              long now = System.nanoTime();
              updateSentAt.set(Long.parseLong(stamp.substring(2)));
              updated.incrementAndGet();
              firstUpdateAt.accumulateAndGet(now, Math::min);
              lastUpdateAt.accumulateAndGet(now, Math::max);
              return;
            }
            if (message instanceof ServerMessage.Status && !Boolean.TRUE.equals(c.tag)) {
              ready.incrementAndGet();
              inFlight.release();
            }
          }

          @Override
          public void onClose(WsClientLoop.Connection c, int code, String reason) {
            closed.incrementAndGet();
            failures.computeIfAbsent("close " + code, k -> new AtomicInteger()).incrementAndGet();
          }

          @Override
          public void onFailure(WsClientLoop.Connection c, String why) {
            failed.incrementAndGet();
            failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
            inFlight.release();
          }
        };
    List<WsClientLoop> loops = loops(2);
    long start = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
        System.out.println("handshakes stalled at " + i);
        break;
      }
      String host = hosts[i % hosts.length];
      loops.get(i % loops.size())
          .connect(
              new InetSocketAddress(host, port),
              host + ":" + port,
              "/ws/processing/" + uploadId + "/?token=" + token("idle-" + run + "-" + i / 10),
              listener,
              null);
    }
    inFlight.tryAcquire(200, 60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT, "idle: %d ready, %d failed in %.1f s (%.0f/s); failures %s%n",
        ready.get(), failed.get(), seconds, ready.get() / seconds, failures);
    System.out.println("holding " + hold + " s: measure the gateway now (jcmd <pid> GC.run; GC.heap_info; ps rss)");
    CountDownLatch never = new CountDownLatch(1);
    never.await(hold, TimeUnit.SECONDS);
    System.out.printf("idle: after hold %d closed by the server; %s%n", closed.get(), failures);
    if (updated.get() > 0) {
      System.out.printf(
          Locale.ROOT,
          "idle: %d of %d sessions received the update; first %.0f ms, last %.0f ms after it was produced%n",
          updated.get(), ready.get(), (firstUpdateAt.get() - updateSentAt.get()) / 1e6,
          (lastUpdateAt.get() - updateSentAt.get()) / 1e6);
    }
    loops.forEach(WsClientLoop::close);
  }

  // ---------------------------------------------------------------------------------------------------- connect

  private void connect() throws Exception {
    int n = Integer.parseInt(option("n", "200"));
    String uploadId = "bench-connect-" + run;
    try (KafkaProducer<String, String> producer = producer()) {
      publish(producer, snapshot(uploadId, 1, UploadStatus.PROCESSING, 50, 0));
    }
    WsClientLoop loop = new WsClientLoop("ws-connect");
    Histogram histogram = new Histogram(3);
    String token = token("connect-" + run);
    for (int i = 0; i < n + 20; i++) {
      CountDownLatch done = new CountDownLatch(1);
      long start = System.nanoTime();
      AtomicLong took = new AtomicLong(-1);
      loop.connect(
          new InetSocketAddress(hosts[0], port),
          hosts[0] + ":" + port,
          "/ws/processing/" + uploadId + "/?token=" + token,
          new Adapter() {
            @Override
            public void onText(WsClientLoop.Connection c, String text) {
              if (text.contains("\"type\":\"status\"")) {
                took.set(System.nanoTime() - start);
                loop.abort(c);
                done.countDown();
              }
            }

            @Override
            public void onFailure(WsClientLoop.Connection c, String why) {
              System.out.println("failed: " + why);
              done.countDown();
            }
          },
          null);
      done.await(10, TimeUnit.SECONDS);
      if (i >= 20 && took.get() > 0) { // the first 20 warm the JIT up
        histogram.recordValue(took.get() / 1000);
      }
    }
    report("connect+auth+first state (µs)", histogram);
    loop.close();
  }

  // ---------------------------------------------------------------------------------------------------- hop

  private void hop() throws Exception {
    int clients = Integer.parseInt(option("clients", "100"));
    int uploads = Integer.parseInt(option("uploads", "1"));
    int rate = Integer.parseInt(option("rate", "20"));
    int seconds = Integer.parseInt(option("seconds", "20"));
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < uploads; u++) {
      ids.add("bench-hop-" + run + "-" + u);
    }
    Histogram histogram = new Histogram(3);
    Map<WsClientLoop.Connection, long[]> lastSeq = new ConcurrentHashMap<>();
    AtomicLong received = new AtomicLong();
    AtomicLong backwards = new AtomicLong();
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    try (KafkaProducer<String, String> producer = producer()) {
      for (String id : ids) {
        publish(producer, snapshot(id, 1, UploadStatus.PROCESSING, 0, 0));
      }
      producer.flush();
      WsClientLoop.Listener listener =
          new Adapter() {
            @Override
            public void onText(WsClientLoop.Connection c, String text) {
              long now = System.nanoTime();
              ServerMessage message = WebSocketJson.read(text);
              if (message instanceof ServerMessage.Complete) {
                completed.incrementAndGet();
                return;
              }
              String sent = stateText(message);
              if (sent == null) {
                return;
              }
              long seq = ResumePoint.seqOf(message);
              long[] last = lastSeq.computeIfAbsent(c, k -> new long[1]);
              if (seq <= last[0]) {
                backwards.incrementAndGet();
              }
              last[0] = seq;
              if (seq == 1) {
                ready.incrementAndGet();
                return;
              }
              if (sent.startsWith("t=")) {
                histogram.recordValue(Math.max(0, (now - Long.parseLong(sent.substring(2))) / 1000));
                received.incrementAndGet();
              }
            }
          };
      List<WsClientLoop> loops = loops(1);
      for (int i = 0; i < clients; i++) {
        String host = hosts[i % hosts.length];
        loops.get(0)
            .connect(
                new InetSocketAddress(host, port),
                host + ":" + port,
                "/ws/processing/" + ids.get(i % uploads) + "/?token=" + token("hop-" + run + "-" + i / 10),
                listener,
                null);
      }
      waitFor(() -> ready.get() >= clients, 30);
      System.out.println("hop: " + ready.get() + " clients ready");
      long intervalNanos = 1_000_000_000L / rate;
      long next = System.nanoTime();
      long seq = 1;
      long end = next + seconds * 1_000_000_000L;
      while (next < end) {
        seq++;
        for (String id : ids) {
          ProgressSnapshot s = snapshot(id, seq, UploadStatus.PROCESSING, Math.min(99, seq / 100.0), seq);
          publish(producer, withMessage(s, "t=" + System.nanoTime()));
        }
        next += intervalNanos;
        LockSupport.parkNanos(next - System.nanoTime()); // pacing the update rate, not waiting for a result
      }
      for (String id : ids) {
        publish(producer, snapshot(id, seq + 1, UploadStatus.COMPLETED, 100, seq));
      }
      producer.flush();
      waitFor(() -> completed.get() >= clients, 30);
      long expected = (long) clients * (seq - 1);
      System.out.printf(
          Locale.ROOT,
          "hop: %d clients, %d uploads, %d updates/s each for %d s: %d of %d updates delivered (%.2f%%, the rest"
              + " conflated), %d out of order, %d/%d ended on complete%n",
          clients, uploads, rate, seconds, received.get(), expected, 100.0 * received.get() / expected,
          backwards.get(), completed.get(), clients);
      report("hop latency, topic append → client (µs)", histogram);
      loops.forEach(WsClientLoop::close);
    }
  }

  // ---------------------------------------------------------------------------------------------------- burst

  private void burst() throws Exception {
    int viewers = Integer.parseInt(option("viewers", "100"));
    int updates = Integer.parseInt(option("updates", "1000"));
    String uploadId = "bench-burst-" + run;
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicLong outOfOrder = new AtomicLong();
    AtomicLong lastCompleteAt = new AtomicLong();
    Map<WsClientLoop.Connection, long[]> lastSeq = new ConcurrentHashMap<>();
    // At most 200 handshakes in flight; a viewer's first state (or its failure) frees its slot.
    Semaphore inFlight = new Semaphore(200);
    try (KafkaProducer<String, String> producer = producer()) {
      publish(producer, snapshot(uploadId, 1, UploadStatus.PROCESSING, 0, 0));
      producer.flush();
      WsClientLoop.Listener listener =
          new Adapter() {
            @Override
            public void onText(WsClientLoop.Connection c, String text) {
              ServerMessage message = WebSocketJson.read(text);
              if (message instanceof ServerMessage.Complete) {
                completed.incrementAndGet();
                lastCompleteAt.set(System.nanoTime());
                return;
              }
              if (stateText(message) == null) {
                return;
              }
              long seq = ResumePoint.seqOf(message);
              long[] last = lastSeq.computeIfAbsent(c, k -> new long[1]);
              if (seq <= last[0]) {
                outOfOrder.incrementAndGet();
              }
              last[0] = seq;
              if (seq == 1) {
                ready.incrementAndGet();
                inFlight.release();
              }
            }

            @Override
            public void onFailure(WsClientLoop.Connection c, String why) {
              System.out.println("connection failed: " + why);
              inFlight.release();
            }
          };
      List<WsClientLoop> loops = loops(2);
      long connectStart = System.nanoTime();
      for (int i = 0; i < viewers; i++) {
        String host = hosts[i % hosts.length];
        if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
          System.out.println("burst: handshakes stalled at " + i);
          break;
        }
        loops.get(i % loops.size())
            .connect(
                new InetSocketAddress(host, port),
                host + ":" + port,
                "/ws/processing/" + uploadId + "/?token=" + token("burst-" + run + "-" + i / 10),
                listener,
                null);
      }
      waitFor(() -> ready.get() >= viewers, 60);
      System.out.printf(
          Locale.ROOT, "burst: %d viewers ready in %.1f s%n", ready.get(), (System.nanoTime() - connectStart) / 1e9);
      long start = System.nanoTime();
      for (int i = 2; i <= updates + 1; i++) {
        publish(producer, snapshot(uploadId, i, UploadStatus.PROCESSING, i * 99.0 / (updates + 1), i));
      }
      publish(producer, snapshot(uploadId, updates + 2, UploadStatus.COMPLETED, 100, updates));
      producer.flush();
      long produced = System.nanoTime();
      waitFor(() -> completed.get() >= viewers, 120);
      System.out.printf(
          Locale.ROOT,
          "burst: %d updates + complete to %d viewers: produced in %.0f ms, all %d/%d on complete %.0f ms after the"
              + " first update, %d out of order%n",
          updates, viewers, (produced - start) / 1e6, completed.get(), viewers,
          (lastCompleteAt.get() - start) / 1e6, outOfOrder.get());
      loops.forEach(WsClientLoop::close);
    }
  }

  // ---------------------------------------------------------------------------------------------------- fill

  /** Produces {@code --count} small snapshots of distinct uploads, once: the state a restarted gateway must load. */
  private void fill() throws Exception {
    ensureTopic();
    int count = Integer.parseInt(option("count", "1000000"));
    SnapshotFill.Result result =
        SnapshotFill.run(option("kafka", "127.0.0.1:9092"), option("topic", Topics.DEFAULT_PROGRESS),
            "bench-fill-" + run + "-", count);
    System.out.printf(
        Locale.ROOT, "fill: %d snapshots (%.0f bytes each on average) in %.1f s (%.0f/s)%n",
        count, result.bytesPerSnapshot(), result.seconds(), result.perSecond());
  }

  // ---------------------------------------------------------------------------------------------------- update

  /** One update of {@code --upload}, stamped with this machine's monotonic clock for the idle generators. */
  private void update() {
    String uploadId = option("upload", null);
    long seq = Long.parseLong(option("seq", "2"));
    try (KafkaProducer<String, String> producer = producer()) {
      publish(
          producer,
          withMessage(snapshot(uploadId, seq, UploadStatus.PROCESSING, 60, seq), "u=" + System.nanoTime()));
      producer.flush();
    }
    System.out.println("update: produced seq " + seq + " of " + uploadId);
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  private abstract static class Adapter implements WsClientLoop.Listener {
    @Override
    public void onOpen(WsClientLoop.Connection c) {}

    @Override
    public void onClose(WsClientLoop.Connection c, int code, String reason) {}

    @Override
    public void onFailure(WsClientLoop.Connection c, String why) {
      System.out.println("connection failed: " + why);
    }
  }

  private List<WsClientLoop> loops(int count) throws java.io.IOException {
    List<WsClientLoop> loops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      loops.add(new WsClientLoop("ws-loop-" + i));
    }
    return loops;
  }

  /** The text of a {@code status} or {@code progress} message (the bench stamps send times into it), else null. */
  private static String stateText(ServerMessage message) {
    if (message instanceof ServerMessage.Status status) {
      return status.message() == null ? "" : status.message();
    }
    if (message instanceof ServerMessage.Progress progress) {
      return progress.message() == null ? "" : progress.message();
    }
    return null;
  }

  private String token(String subject) {
    return Hs256Tokens.signedWith(secret).subject(subject).tenants("bench").validFor(Duration.ofHours(2)).sign();
  }


  /** Creates the progress topic with the contract's configs (3 partitions) when a bare broker does not have it yet. */
  private void ensureTopic() throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, option("kafka", "127.0.0.1:9092"));
    try (Admin admin = Admin.create(config)) {
      String name = option("topic", Topics.DEFAULT_PROGRESS);
      if (!admin.listTopics().names().get().contains(name)) {
        admin.createTopics(List.of(Topics.defaults().progress().withName(name).newTopic(3, (short) 1))).all().get();
        System.out.println("created topic " + name);
      }
    }
  }

  private KafkaProducer<String, String> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, option("kafka", "127.0.0.1:9092"));
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private void publish(KafkaProducer<String, String> producer, ProgressSnapshot snapshot) {
    producer.send(
        new ProducerRecord<>(
            option("topic", Topics.DEFAULT_PROGRESS),
            snapshot.uploadId(),
            ProtocolJson.mapper().writeValueAsString(snapshot)));
  }

  private static ProgressSnapshot snapshot(String id, long seq, UploadStatus status, double percent, long rows) {
    Instant now = Instant.now();
    return new ProgressSnapshot(
        id, "bench", seq, status, status.wireName(), percent, "bench", rows, null, null, null, now, now, 0.0, null);
  }

  private static ProgressSnapshot withMessage(ProgressSnapshot s, String message) {
    return new ProgressSnapshot(
        s.uploadId(), s.tenantId(), s.seq(), s.status(), s.stage(), s.percent(), message, s.rowsProcessed(),
        s.totalRows(), s.error(), s.results(), s.startedAt(), s.updatedAt(), 0.0, null);
  }

  private static void report(String what, Histogram histogram) {
    System.out.printf(
        Locale.ROOT, "%s: n=%d p50=%d p90=%d p99=%d max=%d%n", what, histogram.getTotalCount(),
        histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99), histogram.getMaxValue());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      LockSupport.parkNanos(10_000_000L);
    }
  }

  private String option(String name, String fallback) {
    String value = options.getOrDefault(name, fallback);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
