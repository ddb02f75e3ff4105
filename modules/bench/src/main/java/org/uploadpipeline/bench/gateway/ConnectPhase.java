package org.uploadpipeline.bench.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.protocol.WebSocketJson;

/**
 * Sequential connects, each timed from the TCP connect to the first {@code status} message (handshake, token check,
 * store lookup, {@code authenticated}, {@code status}), then dropped: with the token in the query, and with an
 * {@code authenticate} message as the first frame (one more round trip, and the token never in a URL), the modes in
 * alternating blocks. The gateway's CPU over a mode's measured connects, divided by their number, is the cost of one.
 *
 * <p>A fresh token for every connect (minted before the clock starts), as distinct users arrive: the gateway may
 * remember verified tokens ({@code gateway.jwt.verified-token-cache}), so a reused token would skip the signature
 * check. A third mode reuses one token to show what that saves.
 */
final class ConnectPhase {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);
  /** Connects of one mode in a row; the CPU ticks (10 ms) read around each block add up to a fair total. */
  private static final int BLOCK = 50;

  private enum Auth {
    QUERY("token in the query", true, true),
    MESSAGE("first-message authenticate", false, true),
    /** The same token connect after connect: what the gateway's verified-token cache (if any) saves. */
    QUERY_REUSED("token in the query, one token reused", true, false);

    final String label;
    final boolean inQuery;
    final boolean freshToken;

    Auth(String label, boolean inQuery, boolean freshToken) {
      this.label = label;
      this.inQuery = inQuery;
      this.freshToken = freshToken;
    }
  }

  /** What one connect came to: its time, or why it has none. */
  private record Outcome(long nanos, String failure, boolean timedOut) {}

  /** What the connects of one mode added up to. */
  private static final class Tally {
    final Histogram histogram = Percentiles.micros();
    final Map<String, Integer> failures = new TreeMap<>();
    int timeouts;
    int warmUpLost;
    int connects;
    long ticks;
    long nanos;
  }

  private final GatewayUnderTest gateway;
  private final int measured;
  private final int warmUp;
  private final String uploadId = "suite-connect-" + Long.toString(System.currentTimeMillis(), 36);

  ConnectPhase(GatewayUnderTest gateway, SuiteSizes sizes) {
    this.gateway = gateway;
    this.measured = sizes.connects();
    this.warmUp = sizes.connectWarmUp();
  }

  List<ResultRow> run() throws Exception {
    try (SnapshotFeed feed = new SnapshotFeed(gateway.bootstrapServers())) {
      feed.send(uploadId, 1, UploadStatus.PROCESSING);
      feed.flush();
    }
    long idleTicks = ProcessCpu.ticks(gateway.pid());
    Waits.pause(IDLE_SAMPLE);
    double idleMsPerSecond =
        ProcessCpu.millis(ProcessCpu.ticks(gateway.pid()) - idleTicks) / IDLE_SAMPLE.toSeconds();
    System.out.printf(Locale.ROOT, "connect: idle gateway uses %.1f ms CPU/s (over %d s, before any connect)%n",
        idleMsPerSecond, IDLE_SAMPLE.toSeconds());
    Map<Auth, Tally> tallies = new EnumMap<>(Auth.class);
    try (WsClientLoop loop = new WsClientLoop("ws-connect")) {
      for (Auth auth : Auth.values()) {
        tallies.put(auth, new Tally());
      }
      for (int i = 0; i < warmUp; i++) {
        for (Auth auth : Auth.values()) {
          Outcome warm = connectOnce(loop, auth, tokenFor(auth, "warm", i), i);
          tallies.get(auth).warmUpLost += warm.nanos() < 0 ? 1 : 0;
        }
      }
      // Alternating blocks: the modes see the same JIT state, garbage and machine load, so they compare fairly.
      for (int done = 0; done < measured; done += BLOCK) {
        for (Auth auth : Auth.values()) {
          block(loop, auth, done, Math.min(measured, done + BLOCK), tallies.get(auth));
        }
      }
    }
    gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
    List<ResultRow> rows = new ArrayList<>();
    for (Auth auth : Auth.values()) {
      rows.add(report(auth, tallies.get(auth), idleMsPerSecond));
    }
    return rows;
  }

  /** Connects {@code from} to {@code to} (exclusive) of one mode, with the gateway's CPU over them. */
  private void block(WsClientLoop loop, Auth auth, int from, int to, Tally tally) throws InterruptedException {
    long ticks = ProcessCpu.ticks(gateway.pid());
    long start = System.nanoTime();
    String token = null;
    for (int i = from; i < to; i++) {
      // Minting is the generator's work: off the clock, and the gateway does nothing meanwhile.
      token = token == null || auth.freshToken ? tokenFor(auth, "run", i) : token;
      Outcome outcome = connectOnce(loop, auth, token, i);
      if (outcome.timedOut()) {
        tally.timeouts++;
      } else if (outcome.failure() != null) {
        tally.failures.merge(outcome.failure(), 1, Integer::sum);
      } else {
        Percentiles.record(tally.histogram, outcome.nanos());
      }
    }
    tally.nanos += System.nanoTime() - start;
    tally.ticks += ProcessCpu.ticks(gateway.pid()) - ticks;
    tally.connects += to - from;
  }

  private ResultRow report(Auth auth, Tally tally, double idleMsPerSecond) {
    Histogram histogram = tally.histogram;
    double seconds = tally.nanos / 1e9;
    double cpuPerConnect = ProcessCpu.millis(tally.ticks) / Math.max(1, tally.connects);
    int failed = tally.failures.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT,
        "connect [%s]: connect+auth+first status %s; gateway CPU %.2f ms/connect (%d ticks of 10 ms over %d connects"
            + " in %.1f s; the idle rate would account for %.2f ms/connect); %d failures %s, %d timeouts (> %d s);"
            + " %d of %d warm-up connects lost%n",
        auth.label, Percentiles.micros(histogram), cpuPerConnect, tally.ticks, tally.connects, seconds,
        idleMsPerSecond * seconds / Math.max(1, tally.connects), failed, tally.failures, tally.timeouts,
        CONNECT_TIMEOUT.toSeconds(), tally.warmUpLost, warmUp);
    return new ResultRow("connect", "connect + auth + first status, " + auth.label + " (" + tally.connects
        + " after " + warmUp + " warm-up, interleaved in blocks of " + BLOCK + ")",
        String.format(Locale.ROOT, "p50 %d / p90 %d / p99 %d / max %d µs; gateway CPU %.2f ms/connect; %d failed,"
                + " %d timed out", histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getMaxValue(), cpuPerConnect, failed, tally.timeouts));
  }

  private String tokenFor(Auth auth, String round, int i) {
    return gateway.token("connect-" + auth.name().toLowerCase(Locale.ROOT) + "-" + round + "-" + i);
  }

  private Outcome connectOnce(WsClientLoop loop, Auth auth, String token, int i) throws InterruptedException {
    String host = GatewayUnderTest.HOSTS.get(i % GatewayUnderTest.HOSTS.size());
    String path = "/ws/processing/" + uploadId + "/" + (auth.inQuery ? "?token=" + token : "");
    String authenticate = WebSocketJson.write(new ClientMessage.Authenticate(token));
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong took = new AtomicLong(-1);
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicReference<WsClientLoop.Connection> opened = new AtomicReference<>();
    long start = System.nanoTime();
    loop.connect(
        new InetSocketAddress(host, gateway.port()),
        host + ":" + gateway.port(),
        path,
        new WsClientLoop.Listener() {
          @Override
          public void onOpen(WsClientLoop.Connection c) {
            opened.set(c);
            if (!auth.inQuery) {
              loop.sendText(c, authenticate);
            }
          }

          @Override
          public void onText(WsClientLoop.Connection c, String text) {
            String type = WireText.type(text);
            if (type.equals("status")) {
              took.set(System.nanoTime() - start);
              loop.abort(c);
              done.countDown();
            } else if (type.equals("error")) {
              failure.compareAndSet(null, "error " + text.replace(uploadId, "<upload>"));
            }
          }

          @Override
          public void onClose(WsClientLoop.Connection c, int code, String reason) {
            failure.compareAndSet(null, "closed " + code + " " + reason);
            done.countDown();
          }

          @Override
          public void onFailure(WsClientLoop.Connection c, String why) {
            failure.compareAndSet(null, why);
            done.countDown();
          }
        },
        null);
    if (!done.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      System.out.println("TIMEOUT: connect " + i + " [" + auth.label + "] got no status in "
          + CONNECT_TIMEOUT.toSeconds() + " s" + (opened.get() == null ? " (not even the upgrade)" : ""));
      if (opened.get() != null) {
        loop.abort(opened.get());
      }
      return new Outcome(-1, null, true);
    }
    return took.get() >= 0 ? new Outcome(took.get(), null, false) : new Outcome(-1, failure.get(), false);
  }
}
