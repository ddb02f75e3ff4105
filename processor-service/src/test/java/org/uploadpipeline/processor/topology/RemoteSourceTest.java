package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.ingest.AddressPolicy;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * {@code http(s)://} sources through the whole topology, from a real HTTP server on this machine. The server is on
 * loopback, which production refuses; so the tests allow 127.0.0.1 and treat 127.0.0.2 as the internal address a job
 * must never reach, while one test shows the production policy refusing loopback itself.
 */
class RemoteSourceTest {

  private static final String CSV = "fecha,producto,cantidad,total\n2026-11-05,Café,2,12.10\n2026-11-06,Té,1,3.05\n";
  /** The test's stand-in for an internal address. */
  private static final AddressPolicy ALL_BUT_127_0_0_2 =
      address -> address.getHostAddress().equals("127.0.0.2") ? Optional.of("test-internal address") : Optional.empty();

  @TempDir Path dir;
  private HttpServer server;
  private String base;
  private TopologyHarness harness;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/sales.csv", exchange -> respond(exchange, 200, CSV));
    server.createContext("/to-internal", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + port() + "/sales.csv");
      respond(exchange, 302, "");
    });
    server.createContext("/loop", exchange -> {
      exchange.getResponseHeaders().add("Location", "/loop");
      respond(exchange, 302, "");
    });
    server.createContext("/big.csv", exchange -> respond(exchange, 200, CSV + "2026-11-07,Pan,1,1.00\n".repeat(100)));
    server.createContext("/slow.csv", RemoteSourceTest::trickle);
    server.start();
    base = "http://127.0.0.1:" + port();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    server.stop(0);
  }

  @Test
  void servedFileIsReadLikeALocalOne() {
    ProgressSnapshot last = run(ALL_BUT_127_0_0_2, "/sales.csv");

    assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isEqualTo(2);
  }

  @Test
  void missingFileFailsWithTheStatus() {
    assertThat(run(ALL_BUT_127_0_0_2, "/missing.csv").error().details())
        .isEqualTo("Cannot download " + base + "/missing.csv: HTTP 404");
  }

  @Test
  void productionPolicyRefusesLoopbackBeforeConnecting() {
    assertThat(run(AddressPolicy.PUBLIC_ONLY, "/sales.csv").error().details())
        .isEqualTo("Cannot download from 127.0.0.1: host '127.0.0.1' is a loopback address 127.0.0.1, which remote "
            + "sources may not reach");
  }

  @Test
  void redirectToARefusedAddressIsCheckedAgainAndRefused() {
    assertThat(run(ALL_BUT_127_0_0_2, "/to-internal").error().details())
        .isEqualTo("Cannot download from 127.0.0.2: host '127.0.0.2' is a test-internal address, which remote "
            + "sources may not reach");
  }

  @Test
  void endlessRedirectsStop() {
    assertThat(run(ALL_BUT_127_0_0_2, "/loop").error().details())
        .isEqualTo("Cannot download " + base + "/loop: more than 3 redirects");
  }

  @Test
  void bodyOverTheByteCapFails() {
    assertThat(run(ALL_BUT_127_0_0_2, "/big.csv").error().details())
        .isEqualTo("Cannot download " + base + "/big.csv: the body is larger than the limit of 1024 bytes "
            + "(processor.http-sources.max-size)");
  }

  @Test
  void bodyTricklingPastTheDeadlineFails() {
    assertThat(run(ALL_BUT_127_0_0_2, "/slow.csv").error().details())
        .isEqualTo("Cannot download " + base + "/slow.csv: the body took longer than PT1S "
            + "(processor.http-sources.deadline)");
  }

  @Test
  void hostNotOnTheAllowlistFailsAtOnce() {
    harness = harness(ALL_BUT_127_0_0_2);

    ProgressSnapshot last = harness.run(Jobs.file("r1", "http://localhost:" + port() + "/sales.csv"));

    assertThat(last.error().details())
        .isEqualTo("Host 'localhost' is not allowed for remote sources (processor.http-sources.allowed-hosts)");
  }

  @Test
  void urlWithoutAHostIsAClearFailure() {
    harness = harness(ALL_BUT_127_0_0_2);

    assertThat(harness.run(Jobs.file("r2", "http:///sales.csv")).error().details())
        .isEqualTo("The source URL names no host: 'http:///sales.csv'");
  }

  @Test
  void disabledRemoteSourcesFailSayingSo() {
    harness = new TopologyHarness(dir.resolve("state"), dir);

    assertThat(harness.run(Jobs.file("r3", base + "/sales.csv")).error().details())
        .isEqualTo("Remote (http/https) sources are disabled on this processor (processor.http-sources.enabled)");
  }

  private ProgressSnapshot run(AddressPolicy policy, String path) {
    harness = harness(policy);
    harness.submit(Jobs.file("r", base + path));
    List<ProgressSnapshot> snapshots = harness.runUntilFinished();
    return snapshots.get(snapshots.size() - 1);
  }

  private TopologyHarness harness(AddressPolicy policy) {
    RemoteSourceSettings remote =
        new RemoteSourceSettings(true, List.of("127.0.0.1", "127.0.0.2"), 1024, Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(1), 3, dir.resolve("staging"));
    return new TopologyHarness(
        dir.resolve("state"), new SourceOpener(List.of(dir), remote, policy), TrackerMetrics.NONE);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A byte every 200 ms, well inside the read timeout: only the deadline for the whole body stops it. */
  private static void trickle(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 50; i++) {
        out.write('x');
        out.flush();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    } catch (IOException e) {
      // The processor hung up at its deadline, as it should.
    }
  }
}
