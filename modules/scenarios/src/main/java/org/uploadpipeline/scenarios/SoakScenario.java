package org.uploadpipeline.scenarios;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.testkit.SalesUpload;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.ViewerClient;

/**
 * Two tenants upload and watch for a while, among a steady stream of malformed jobs, frames and tokens, and viewers
 * trying the other tenant's uploads: no message ever crosses tenants, every good upload ends exact, and the services'
 * memory (RSS, sampled) stays flat.
 */
final class SoakScenario implements Scenario {

  private static final List<String> TENANTS = List.of("acme", "globex");
  private static final Duration PERIOD = Duration.ofSeconds(2);
  private static final int ROWS = 1_000;
  private static final List<String> SERVICES = List.of(LocalStack.BROKER, LocalStack.PROCESSOR, LocalStack.GATEWAY);

  @Override
  public String name() {
    return "two-tenant-soak";
  }

  @Override
  public void run(ScenarioContext ctx) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    HttpClient http = HttpClient.newHttpClient();
    List<URI> gateway = List.of(URI.create(ctx.stack.config().gatewayUrl().replace("http://", "ws://")));
    Map<String, SalesUpload> uploads = new LinkedHashMap<>();
    Map<String, String> tenantOf = new LinkedHashMap<>();
    List<ResumingViewer> viewers = new ArrayList<>();
    Map<String, List<Long>> rss = new LinkedHashMap<>();
    int refusedCrossTenant = 0;
    int badFrames = 0;
    int badTokens = 0;
    int badJobs = 0;
    long deadline = System.nanoTime() + ctx.mode.soak().toNanos();
    try {
      for (int round = 0; System.nanoTime() < deadline; round++) {
        for (String tenant : TENANTS) {
          String id = "soak-" + tenant + "-" + round;
          SalesUpload upload = SalesUpload.generate(ctx.random.nextLong(), ROWS);
          uploads.put(id, upload);
          tenantOf.put(id, tenant);
          for (int v = 0; v < 2; v++) {
            ResumingViewer viewer = new ResumingViewer(http, timer, gateway, id, ctx.token(tenant), 0);
            viewers.add(viewer);
            viewer.start();
          }
          ctx.submit(id, tenant, upload);
        }
        // The other tenant's token on an upload of this round: refused with 4003, and no data before it.
        String acmeUpload = "soak-acme-" + round;
        ViewerClient intruder = ViewerClient.connect(URI.create(
            gateway.get(0) + "/ws/processing/" + acmeUpload + "/?token=" + ctx.token("globex")));
        ScenarioContext.check(intruder.awaitClose(Duration.ofSeconds(40)) == 4003, "cross-tenant viewer not refused");
        ScenarioContext.check(!intruder.types().contains("status") && !intruder.types().contains("progress"),
            "a cross-tenant viewer saw data");
        refusedCrossTenant++;
        badJobs += sendMalformedJobs(ctx, round);
        badFrames += sendMalformedFrame(gateway.get(0), acmeUpload, ctx.token("acme"));
        badTokens += connectWithForgedToken(gateway.get(0), acmeUpload);
        for (String service : SERVICES) {
          rss.computeIfAbsent(service, s -> new ArrayList<>()).add(rssKib(ctx.stack.pid(service)));
        }
        TimeUnit.MILLISECONDS.sleep(PERIOD.toMillis());
      }
      ResumingViewer.awaitAllCompleted(viewers, ScenarioContext.FINISH_TIMEOUT);
    } finally {
      timer.shutdownNow();
    }
    uploads.forEach(ctx::verifyExact);
    ctx.figure("uploads", uploads.size());
    ctx.figure("viewers", viewers.size());
    ctx.figure("cross-tenant viewers refused", refusedCrossTenant);
    ctx.figure("malformed jobs", badJobs);
    ctx.figure("malformed frames", badFrames);
    ctx.figure("forged tokens", badTokens);
    rss.forEach((service, samples) -> ctx.figure(service + " RSS MiB first / max / last",
        samples.get(0) / 1024 + " / " + samples.stream().mapToLong(Long::longValue).max().orElse(0) / 1024 + " / "
            + samples.get(samples.size() - 1) / 1024));
    if (ctx.mode == Mode.FULL) {
      // Flat: the last third never far above the first third, once past warm-up.
      rss.forEach((service, samples) -> {
        long early = samples.get(samples.size() / 3);
        long late = samples.get(samples.size() - 1);
        ScenarioContext.check(late <= early * 3 / 2, service + " RSS grew from " + early + " to " + late + " KiB");
      });
    }
  }

  private static int sendMalformedJobs(ScenarioContext ctx, int round) {
    ctx.send("soak-garbage-" + round, ("{\"uploadId\": " + round + ", \"oops\"").getBytes(StandardCharsets.UTF_8));
    ctx.send("soak-array-" + round, "[]".getBytes(StandardCharsets.UTF_8));
    return 2;
  }

  /** A frame that is not JSON: the gateway answers with an error and keeps the connection. */
  private static int sendMalformedFrame(URI gateway, String uploadId, String token) {
    ViewerClient viewer = ViewerClient.connect(URI.create(gateway + "/ws/processing/" + uploadId + "/?token=" + token));
    viewer.send("{this is not json");
    viewer.awaitMessageOfType("error", Duration.ofSeconds(20));
    viewer.close();
    return 1;
  }

  private static int connectWithForgedToken(URI gateway, String uploadId) {
    String forged = TestTokens.hs256("a-secret-that-is-not-the-gateways-0123456789").tenants("acme").sign();
    ViewerClient viewer =
        ViewerClient.connect(URI.create(gateway + "/ws/processing/" + uploadId + "/?token=" + forged));
    ScenarioContext.check(viewer.awaitClose(Duration.ofSeconds(20)) == 4001, "a forged token was not refused");
    return 1;
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
