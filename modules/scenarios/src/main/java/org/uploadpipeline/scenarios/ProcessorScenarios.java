package org.uploadpipeline.scenarios;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.uploadpipeline.localstack.LocalStack;
import org.awaitility.Awaitility;
import org.uploadpipeline.testkit.SalesUpload;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/**
 * Processors that die: killed and restarted, one of two killed for good, one restarted with no local state, and one
 * down long enough for its upload's viewers to be told that it has stalled.
 */
final class ProcessorScenarios {

  /** Products beyond the generator's few: enough aggregate keys that completing spans several batches. */
  static final int MANY_PRODUCTS = 8_000;
  private static final String SECOND = "processor-2";
  /** The gateway's stall time in these runs ({@code GATEWAY_STALL_AFTER}). */
  static final Duration STALL_AFTER = Duration.ofSeconds(3);

  private ProcessorScenarios() {}

  static List<Scenario> all() {
    return List.of(new Kills(), new OneOfTwoDies(), new NewPodWithEmptyState(), new DownAndStalled());
  }

  /** SIGKILL the processor at seeded random moments over several uploads, the last kill near an upload's end. */
  static final class Kills implements Scenario {
    @Override
    public String name() {
      return "processor-kills";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      Map<String, SalesUpload> uploads = new LinkedHashMap<>();
      for (int i = 0; i < ctx.mode.uploads(); i++) {
        String id = "kills-" + i + "-" + Long.toHexString(ctx.random.nextLong());
        SalesUpload upload = SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows(), MANY_PRODUCTS);
        uploads.put(id, upload);
        ctx.submit(id, "acme", upload);
      }
      String lastId = new ArrayList<>(uploads.keySet()).get(uploads.size() - 1);
      long slowestRestartMs = 0;
      for (int k = 1; k <= ctx.mode.kills(); k++) {
        if (k == ctx.mode.kills()) {
          // Near the end: the last chunks, and the completion's aggregate batches, are in flight.
          ctx.awaitRows(lastId, ctx.mode.rows() - 400L);
        } else {
          TimeUnit.MILLISECONDS.sleep(300 + ctx.random.nextInt(2_000));
        }
        long start = System.nanoTime();
        ctx.stack.kill(LocalStack.PROCESSOR);
        ctx.stack.restart(LocalStack.PROCESSOR);
        long restartMs = (System.nanoTime() - start) / 1_000_000;
        slowestRestartMs = Math.max(slowestRestartMs, restartMs);
        ctx.out.printf("  kill %d of %d; back in %d ms%n", k, ctx.mode.kills(), restartMs);
      }
      uploads.forEach(ctx::verifyExact);
      ctx.figure("uploads", uploads.size());
      ctx.figure("kills", ctx.mode.kills());
      ctx.figure("slowest restart ms", slowestRestartMs);
    }
  }

  /** Two processors share one upload; one is killed for good, and the survivor finishes it exactly. */
  static final class OneOfTwoDies implements Scenario {
    @Override
    public String name() {
      return "two-processors-one-dies";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      ctx.stack.addProcessor(SECOND);
      String id = "failover-" + Long.toHexString(ctx.random.nextLong());
      SalesUpload upload = SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows(), MANY_PRODUCTS);
      ctx.submit(id, "acme", upload);
      ctx.awaitRows(id, ctx.mode.rows() / 4);
      long killed = System.nanoTime();
      ctx.stack.kill(SECOND);
      ctx.verifyExact(id, upload);
      ctx.figure("kills", 1);
      ctx.figure("seconds from kill to completed", (System.nanoTime() - killed) / 1_000_000_000L);
    }
  }

  /** The processor dies and comes back on an empty state directory, as a new pod: it restores and finishes. */
  static final class NewPodWithEmptyState implements Scenario {
    @Override
    public String name() {
      return "new-pod-empty-state";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      String id = "new-pod-" + Long.toHexString(ctx.random.nextLong());
      SalesUpload upload = SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows(), MANY_PRODUCTS);
      ctx.submit(id, "acme", upload);
      ctx.awaitRows(id, ctx.mode.rows() / 3);
      ctx.stack.kill(LocalStack.PROCESSOR);
      ctx.stack.wipeState(LocalStack.PROCESSOR);
      long start = System.nanoTime();
      ctx.stack.restart(LocalStack.PROCESSOR);
      ctx.figure("restore and rejoin ms", (System.nanoTime() - start) / 1_000_000);
      ctx.verifyExact(id, upload);
      ctx.figure("kills", 1);
    }
  }

  /**
   * The processor is killed and stays down: a viewer of its upload is told the upload has stalled (by the gateway,
   * after its stall time), and once the processor is back, the next snapshot clears it and the upload completes
   * exactly.
   */
  static final class DownAndStalled implements Scenario {
    @Override
    public String name() {
      return "processor-down-stalled";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      String id = "stalled-" + Long.toHexString(ctx.random.nextLong());
      SalesUpload upload = SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows());
      URI viewerUri = URI.create(ctx.stack.config().gatewayUrl().replace("http://", "ws://") + "/ws/processing/" + id
          + "/?token=" + ctx.token("acme"));
      ViewerClient viewer = ViewerClient.connect(viewerUri);
      try {
        ctx.submit(id, "acme", upload);
        ctx.awaitRows(id, ctx.mode.rows() / 4);
        ctx.stack.kill(LocalStack.PROCESSOR);
        long killed = System.nanoTime();
        JsonNode stall = awaitStatus(viewer, true, 0);
        ctx.figure("seconds from kill to stalled", (System.nanoTime() - killed) / 1_000_000_000L);
        ctx.stack.restart(LocalStack.PROCESSOR);
        JsonNode cleared = awaitStatus(viewer, false, stall.get("seq").asLong());
        ScenarioContext.check(cleared.get("seq").asLong() > stall.get("seq").asLong(),
            "the stall was cleared by seq " + cleared.get("seq") + ", not a newer snapshot than " + stall.get("seq"));
        ctx.verifyExact(id, upload);
        viewer.awaitMessageOfType("complete", ScenarioContext.FINISH_TIMEOUT);
      } finally {
        viewer.close();
      }
      ctx.figure("kills", 1);
    }

    /** The first {@code status} after {@code afterSeq} (inclusive for a stall) flagged {@code stalled} as given. */
    private static JsonNode awaitStatus(ViewerClient viewer, boolean stalled, long afterSeq) {
      Duration timeout = STALL_AFTER.plus(Duration.ofSeconds(stalled ? 10 : 60));
      Awaitility.await("a status with stalled " + stalled).atMost(timeout).pollInterval(Duration.ofMillis(50))
          .until(() -> find(viewer, stalled, afterSeq) != null);
      return find(viewer, stalled, afterSeq);
    }

    private static JsonNode find(ViewerClient viewer, boolean stalled, long afterSeq) {
      return viewer.messages().stream()
          .filter(m -> "status".equals(m.path("type").asString()))
          .filter(m -> m.path("stalled").asBoolean() == stalled && m.path("seq").asLong() >= afterSeq)
          .filter(m -> stalled || m.path("seq").asLong() > afterSeq)
          .findFirst()
          .orElse(null);
    }
  }
}
