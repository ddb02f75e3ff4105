package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;

/**
 * Graceful shutdown with real sockets: stopping the gateway tells every open viewer that the server restarts
 * ({@code error}) and closes it with 1012, so clients reconnect elsewhere and resume; new handshakes meanwhile get 503.
 */
class GracefulDrainIT {

  private static final Topics TOPICS =
      TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-drain"), 1);

  private final String token = TestTokens.hs256(GatewayIT.SECRET).tenants("acme").sign();

  @Test
  void stoppingTheGatewayTellsEveryViewerToReconnectAndClosesWith1012() {
    String uploadId = "drain-" + UUID.randomUUID();
    TestRecords.produce(TOPICS.progress(), uploadId, TestSnapshots.pending(uploadId, "acme", 1));
    TestRecords.produce(TOPICS.progress(), uploadId, TestSnapshots.processing(uploadId, "acme", 2, 40, 400));

    ConfigurableApplicationContext context = startGateway();
    try {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

      // The drain on its own, while the web server still runs: open viewers are told to go, new ones are refused.
      ViewerClient early = ViewerClient.connect(uri(port, uploadId, "token=" + token));
      early.awaitMessageOfType("status");
      ViewerDrain drain = context.getBean(ViewerDrain.class);
      drain.stop();
      assertToldToReconnect(early);
      assertThatThrownBy(() -> handshake(uri(port, uploadId, "token=" + token)))
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(
              e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                  .isEqualTo(503));
      drain.start();

      // Viewers in every state, then the whole application stops.
      ViewerClient watching = ViewerClient.connect(uri(port, uploadId, "token=" + token));
      assertThat(watching.awaitMessageOfType("status").get(1).get("seq").asLong()).isEqualTo(2);
      ViewerClient waitingForItsUpload =
          ViewerClient.connect(uri(port, "drain-unknown-" + UUID.randomUUID(), "token=" + token));
      waitingForItsUpload.awaitMessageOfType("authenticated");
      ViewerClient notYetAuthenticated = ViewerClient.connect(uri(port, uploadId, null));

      context.close();

      assertToldToReconnect(watching);
      assertToldToReconnect(waitingForItsUpload);
      assertToldToReconnect(notYetAuthenticated);
    } finally {
      context.close();
    }
  }

  private static void assertToldToReconnect(ViewerClient viewer) {
    assertThat(viewer.awaitClose(Duration.ofSeconds(15))).isEqualTo(1012);
    List<JsonNode> messages = viewer.messages();
    assertThat(messages).isNotEmpty();
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(last.get("type").asString()).isEqualTo("error");
    assertThat(last.get("message").asString()).isEqualTo("Server restarting");
    assertThat(last.get("details").asString()).contains("lastSeq");
  }

  private static void handshake(URI uri) {
    HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).join();
  }

  private static URI uri(int port, String uploadId, String query) {
    return URI.create(
        "ws://localhost:" + port + "/ws/processing/" + uploadId + "/" + (query == null ? "" : "?" + query));
  }

  private static ConfigurableApplicationContext startGateway() {
    Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "gateway-drain-state");
    ConfigurableApplicationContext context =
        StandaloneGateway.start(
            TOPICS,
            stateDir,
            "--gateway.websocket.unknown-upload-wait=60s",
            "--gateway.websocket.auth-timeout=60s");
    SnapshotStore store = context.getBean(SnapshotStore.class);
    await().atMost(Duration.ofSeconds(30)).until(store::isServing);
    return context;
  }
}
