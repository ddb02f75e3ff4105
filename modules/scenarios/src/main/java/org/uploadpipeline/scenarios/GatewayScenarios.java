package org.uploadpipeline.scenarios;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.testkit.SalesUpload;

/**
 * A gateway dies with viewers attached: restarted, every viewer resumes on it with {@code lastSeq}; or one of two is
 * killed for good, and its viewers move to the other. Either way every viewer ends on {@code complete} with the exact
 * results, having seen no state twice and none go backwards.
 */
final class GatewayScenarios {

  private static final String SECOND = "gateway-2";
  private static final int UPLOADS = 2;
  private static final int NODE_VIEWERS_PER_UPLOAD = 10;

  private GatewayScenarios() {}

  static List<Scenario> all() {
    return List.of(new KilledAndRestarted(), new OneOfTwoDies());
  }

  static final class KilledAndRestarted implements Scenario {
    @Override
    public String name() {
      return "gateway-kill";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      List<URI> gateways = List.of(URI.create(ctx.stack.config().gatewayUrl()));
      try (Viewers viewers = new Viewers(ctx, gateways)) {
        NodeViewers nodeViewers =
            NodeViewers.start(ctx, ctx.stack.config().gatewayUrl(), viewers.uploadIds(), NODE_VIEWERS_PER_UPLOAD);
        viewers.awaitProgress();
        ctx.stack.kill(LocalStack.GATEWAY);
        long start = System.nanoTime();
        ctx.stack.restart(LocalStack.GATEWAY);
        viewers.verify(start);
        ctx.figure("client-js viewers", nodeViewers.verify(viewers.expectedRows()));
      }
    }
  }

  static final class OneOfTwoDies implements Scenario {
    @Override
    public String name() {
      return "two-gateways-one-dies";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
      int port = freePort();
      ctx.stack.addGateway(SECOND, port);
      List<URI> gateways = List.of(URI.create(ctx.stack.config().gatewayUrl()), URI.create("http://localhost:" + port));
      try (Viewers viewers = new Viewers(ctx, gateways)) {
        viewers.awaitProgress();
        long start = System.nanoTime();
        ctx.stack.kill(SECOND);
        viewers.verify(start);
      }
    }
  }

  /** {@link Mode#viewers()} viewers over a few uploads, spread over the gateways given. */
  private static final class Viewers implements AutoCloseable {
    private final ScenarioContext ctx;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "viewer-reconnects");
      thread.setDaemon(true);
      return thread;
    });
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, SalesUpload> uploads = new LinkedHashMap<>();
    private final List<ResumingViewer> viewers = new ArrayList<>();

    Viewers(ScenarioContext ctx, List<URI> gateways) throws IOException {
      this.ctx = ctx;
      List<URI> webSockets = gateways.stream().map(g -> URI.create(g.toString().replace("http://", "ws://")))
          .toList();
      for (int i = 0; i < UPLOADS; i++) {
        uploads.put("viewed-" + i + "-" + Long.toHexString(ctx.random.nextLong()),
            SalesUpload.generate(ctx.random.nextLong(), ctx.mode.rows()));
      }
      List<String> ids = new ArrayList<>(uploads.keySet());
      for (int v = 0; v < ctx.mode.viewers(); v++) {
        // One user each, as 100 people watching: the per-user session limit is not what is tested here.
        ResumingViewer viewer =
            new ResumingViewer(http, timer, webSockets, ids.get(v % ids.size()), ctx.token("acme"), v);
        viewers.add(viewer);
        viewer.start();
      }
      for (Map.Entry<String, SalesUpload> upload : uploads.entrySet()) {
        ctx.submit(upload.getKey(), "acme", upload.getValue());
      }
    }

    List<String> uploadIds() {
      return List.copyOf(uploads.keySet());
    }

    Map<String, Long> expectedRows() {
      Map<String, Long> rows = new LinkedHashMap<>();
      uploads.forEach((id, upload) -> rows.put(id, upload.processedRows()));
      return rows;
    }

    /** Until every upload is a third through: the fault comes mid-upload. */
    void awaitProgress() {
      uploads.keySet().forEach(id -> ctx.awaitRows(id, ctx.mode.rows() / 3));
    }

    void verify(long faultAt) throws Exception {
      ResumingViewer.awaitAllCompleted(viewers, ScenarioContext.FINISH_TIMEOUT);
      long seconds = (System.nanoTime() - faultAt) / 1_000_000_000L;
      int reconnects = viewers.stream().mapToInt(viewer -> viewer.connects() - 1).sum();
      for (ResumingViewer viewer : viewers) {
        ServerMessage.Complete complete = viewer.completed().join();
        ServerMessage.Results results = complete.results();
        String id = complete.uploadId();
        ScenarioContext.check(results.processedRows() == uploads.get(id).processedRows(),
            "a viewer's complete has " + results.processedRows() + " rows");
        ScenarioContext.check(results.validRows() == uploads.get(id).validRows(),
            "a viewer's complete has " + results.validRows() + " valid rows");
      }
      uploads.forEach(ctx::verifyExact);
      ctx.figure("viewers", viewers.size());
      ctx.figure("kills", 1);
      ctx.figure("connection attempts after the first", reconnects);
      ctx.figure("seconds from kill to every viewer complete", seconds);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
