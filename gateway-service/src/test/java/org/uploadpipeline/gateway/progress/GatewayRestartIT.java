package org.uploadpipeline.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.StandaloneGateway;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.testkit.ViewerClient;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.TestTopics;
import tools.jackson.databind.JsonNode;

/**
 * The gateway keeps no state of its own worth losing: a restarted gateway rebuilds the latest snapshots from the
 * compacted topic, including what was published while it was down.
 */
class GatewayRestartIT {

  private final Topics topics = TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-restart"), 2);
  private final String token = TestTokens.hs256(GatewayIT.SECRET).tenants("acme").sign();

  @Test
  void freshInstanceRebuildsTheLatestStateFromTheTopic() {
    lateJoinerAfterRestartGetsTheLatestState(null);
  }

  @Test
  void restartedInstanceReusesItsLocalStateAndCatchesUpOnWhatArrivedWhileDown() {
    lateJoinerAfterRestartGetsTheLatestState("restart-it-" + UUID.randomUUID());
  }

  /** @param instanceId null for a random state directory per start; else both starts share one */
  private void lateJoinerAfterRestartGetsTheLatestState(String instanceId) {
    String uploadId = "restart-" + UUID.randomUUID();
    String finishedWhileUp = "restart-done-" + UUID.randomUUID();
    TestRecords.produce(topics.progress(), uploadId, TestSnapshots.pending(uploadId, "acme", 1));
    TestRecords.produce(topics.progress(), uploadId, TestSnapshots.processing(uploadId, "acme", 2, 40, 400));
    TestRecords.produce(topics.progress(), finishedWhileUp, TestSnapshots.completed(finishedWhileUp, "acme", 3));

    try (ConfigurableApplicationContext first = startGateway(instanceId)) {
      ViewerClient viewer = connect(first, uploadId);
      assertThat(viewer.awaitMessages(2).get(1).get("seq").asLong()).isEqualTo(2);
      viewer.close();
    }

    TestRecords.produce(topics.progress(), uploadId, TestSnapshots.completed(uploadId, "acme", 3));

    try (ConfigurableApplicationContext second = startGateway(instanceId)) {
      ViewerClient lateJoiner = connect(second, uploadId);
      List<JsonNode> messages = lateJoiner.awaitMessageOfType("complete");
      assertThat(messages)
          .extracting(m -> m.get("type").asString())
          .containsExactly("authenticated", "status", "complete");
      assertThat(messages.get(1).get("seq").asLong()).isEqualTo(3);
      assertThat(messages.get(1).get("status").asString()).isEqualTo("completed");

      ViewerClient other = connect(second, finishedWhileUp);
      assertThat(other.awaitMessageOfType("complete"))
          .extracting(m -> m.get("type").asString())
          .containsExactly("authenticated", "status", "complete");
      lateJoiner.close();
      other.close();
    }
  }

  private ConfigurableApplicationContext startGateway(String instanceId) {
    Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "gateway-restart-state");
    ConfigurableApplicationContext context =
        StandaloneGateway.start(
            topics,
            stateDir,
            "--gateway.snapshots.instance-id=" + (instanceId == null ? "" : instanceId),
            "--gateway.websocket.unknown-upload-wait=20s");
    SnapshotStore store = context.getBean(SnapshotStore.class);
    await().atMost(Duration.ofSeconds(30)).until(store::isServing);
    return context;
  }

  private ViewerClient connect(ConfigurableApplicationContext context, String uploadId) {
    String port = context.getEnvironment().getProperty("local.server.port");
    return ViewerClient.connect(
        URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "/?token=" + token));
  }
}
