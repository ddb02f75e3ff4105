package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.StandaloneGateway;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.TestTopics;
import org.uploadpipeline.testkit.ViewerClient;

/**
 * Limits before authentication over real sockets, on a gateway with the default pre-auth limits and a 1 s connection
 * timeout: a flood of connections without a token from one address does not keep a viewer with a token out; binary
 * frames and floods of empty fragments are closed; a handshake that never finishes is cut.
 */
class PreAuthIT {

  private static final Topics TOPICS =
      TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-preauth"), 2);
  private static ConfigurableApplicationContext gateway;
  private static String port;

  private final String token = TestTokens.hs256(GatewayIT.SECRET).tenants("acme").sign();

  @BeforeAll
  static void startGateway() {
    gateway = StandaloneGateway.start(
        TOPICS,
        Path.of(System.getProperty("java.io.tmpdir"), "gateway-preauth-state"),
        "--server.tomcat.connection-timeout=1s");
    await().atMost(Duration.ofSeconds(30)).until(gateway.getBean(SnapshotStore.class)::isServing);
    port = gateway.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  @Test
  void aThousandSocketsWithoutATokenFromOneAddressDoNotKeepAViewerWithATokenOut() {
    String uploadId = "preauth-" + UUID.randomUUID();
    TestRecords.produce(TOPICS.progress(), uploadId, TestSnapshots.processing(uploadId, "acme", 2, 20, 200));
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<WebSocket>> attempts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      attempts.add(http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "/"), new Ignoring()));
    }
    List<WebSocket> open = new ArrayList<>();
    List<Integer> refusals = new ArrayList<>();
    for (CompletableFuture<WebSocket> attempt : attempts) {
      try {
        open.add(attempt.join());
      } catch (CompletionException e) {
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        refusals.add(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
      }
    }

    assertThat(open).as("at most the per-address share").hasSizeLessThanOrEqualTo(100);
    assertThat(refusals).hasSize(1_000 - open.size()).containsOnly(429, 503);
    ViewerClient viewer = ViewerClient.connect(viewerUri(uploadId, "token=" + token));
    assertThat(viewer.awaitMessages(2).get(1).get("type").asString()).isEqualTo("status");
    viewer.close();
    open.forEach(socket -> socket.abort());
  }

  @Test
  void aBinaryFrameIsClosedWith1003AndTheReason() {
    RawSocket viewer = RawSocket.connect(viewerUri(watchedUpload(), "token=" + token));
    viewer.awaitTexts(2);

    viewer.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();

    assertThat(viewer.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1003);
    assertThat(viewer.texts.get(viewer.texts.size() - 1)).contains("JSON text messages only");
  }

  @Test
  void aFloodOfEmptyFragmentsIsClosedWith4008() {
    RawSocket viewer = RawSocket.connect(viewerUri(watchedUpload(), "token=" + token));
    viewer.awaitTexts(2);

    for (int i = 0; i < 50 && !viewer.closeCode.isDone(); i++) {
      viewer.socket.sendText("", false).exceptionally(error -> null).join();
    }

    assertThat(viewer.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4008);
  }

  private static String watchedUpload() {
    String uploadId = "preauth-" + UUID.randomUUID();
    TestRecords.produce(TOPICS.progress(), uploadId, TestSnapshots.processing(uploadId, "acme", 2, 20, 200));
    return uploadId;
  }

  /** A bare WebSocket client that can send what ours never do (binary frames, empty fragments). */
  private static final class RawSocket implements WebSocket.Listener {

    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static RawSocket connect(URI uri) {
      RawSocket raw = new RawSocket();
      raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, raw).join();
      return raw;
    }

    void awaitTexts(int count) {
      await().atMost(Duration.ofSeconds(15)).until(() -> texts.size() >= count);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.complete(-1);
    }
  }

  @Test
  void aHandshakeThatNeverFinishesIsCutAfterTheConnectionTimeout() throws Exception {
    try (Socket socket = new Socket("localhost", Integer.parseInt(port))) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /ws/processing/slow/ HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();

      assertThat(in.read()).as("closed by the server, nothing sent").isEqualTo(-1);
    }
  }

  private static URI viewerUri(String uploadId, String query) {
    return URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "/?" + query);
  }

  /** Reads and drops whatever comes. */
  private static final class Ignoring implements WebSocket.Listener {}
}
