package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.StandaloneGateway;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.TestTopics;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/**
 * Stalls over a real socket and broker, on a gateway whose stall time is 2 s: nobody writes snapshots (as when the
 * processor is down), the viewers are told, and the next snapshot clears it.
 */
class StallIT {

  private static final Duration STALL_AFTER = Duration.ofSeconds(2);
  private static final Topics TOPICS =
      TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-stall"), 2);
  private static ConfigurableApplicationContext gateway;

  private final String token = TestTokens.hs256(GatewayIT.SECRET).tenants("acme").sign();

  @BeforeAll
  static void startGateway() {
    gateway = StandaloneGateway.start(
        TOPICS,
        Path.of(System.getProperty("java.io.tmpdir"), "gateway-stall-state"),
        "--gateway.progress.stall-after=" + STALL_AFTER);
    await().atMost(Duration.ofSeconds(30)).until(gateway.getBean(SnapshotStore.class)::isServing);
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  @Test
  void aViewerIsToldWhenNoSnapshotComesForTheStallTimeAndTheNextSnapshotClearsIt() {
    String uploadId = "stall-" + UUID.randomUUID();
    publish(TestSnapshots.processing(uploadId, "acme", 2, 20, 200));
    ViewerClient viewer = connect(uploadId);
    JsonNode first = viewer.awaitMessages(2).get(1);
    assertThat(first.get("stalled").asBoolean()).isFalse();

    List<JsonNode> messages = viewer.awaitMessages(3);
    JsonNode stall = messages.get(2);
    assertThat(stall.get("type").asString()).isEqualTo("status");
    assertThat(stall.get("stalled").asBoolean()).isTrue();
    assertThat(stall.get("seq").asLong()).as("same snapshot, now stalled").isEqualTo(2);
    assertThat(stall.get("message").asString()).startsWith("No progress since ");

    publish(TestSnapshots.processing(uploadId, "acme", 3, 30, 300));
    JsonNode cleared = viewer.awaitMessages(4).get(3);
    assertThat(cleared.get("type").asString()).isEqualTo("status");
    assertThat(cleared.get("seq").asLong()).isEqualTo(3);
    assertThat(cleared.get("stalled").asBoolean()).isFalse();

    publish(TestSnapshots.completed(uploadId, "acme", 4));
    viewer.awaitMessageOfType("complete");
    // Finished: never stalled, however long nothing comes.
    await().during(STALL_AFTER.multipliedBy(2)).atMost(STALL_AFTER.multipliedBy(3))
        .until(() -> viewer.messages().size() == 6);
    assertThat(viewer.types()).containsExactly("authenticated", "status", "status", "status", "status", "complete");
    assertConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void aViewerJoiningAStalledUploadIsToldAtOnceWithTheSnapshotItself() {
    String uploadId = "stall-late-" + UUID.randomUUID();
    ProgressSnapshot old = TestSnapshots.processing(uploadId, "acme", 2, 20, 200);
    publish(TestSnapshots.updatedAt(old, Instant.now().minus(Duration.ofMinutes(5))));

    ViewerClient viewer = connect(uploadId);
    JsonNode status = viewer.awaitMessages(2).get(1);

    assertThat(status.get("stalled").asBoolean()).isTrue();
    assertThat(status.get("seq").asLong()).isEqualTo(2);
    assertThat(status.get("rows_processed").asLong()).isEqualTo(200);
    await().during(STALL_AFTER).atMost(STALL_AFTER.multipliedBy(2)).until(() -> viewer.messages().size() == 2);
    viewer.close();
  }

  @Test
  void aBoardIsToldOfEachOfItsUploadsThatStalls() {
    String tenant = "stall-board-" + UUID.randomUUID();
    String uploadId = "stall-board-" + UUID.randomUUID();
    publish(TestSnapshots.processing(uploadId, tenant, 2, 20, 200));
    String port = gateway.getEnvironment().getProperty("local.server.port");
    URI uri = URI.create("ws://localhost:" + port + "/ws/uploads/?token="
        + TestTokens.hs256(GatewayIT.SECRET).tenants(tenant).sign());
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      ViewerClient probe = ViewerClient.connect(uri);
      try {
        return probe.awaitMessages(2).get(1).get("uploads").size() == 1;
      } finally {
        probe.close();
      }
    });

    ViewerClient board = ViewerClient.connect(uri);
    JsonNode stall = board.awaitMessages(3).get(2);

    assertThat(stall.get("type").asString()).isEqualTo("status");
    assertThat(stall.get("upload_id").asString()).isEqualTo(uploadId);
    assertThat(stall.get("stalled").asBoolean()).isTrue();
    publish(TestSnapshots.processing(uploadId, tenant, 3, 30, 300));
    JsonNode cleared = board.awaitMessages(4).get(3);
    assertThat(cleared.get("stalled").asBoolean()).isFalse();
    assertThat(cleared.get("seq").asLong()).isEqualTo(3);
    board.close();
  }

  private static void publish(ProgressSnapshot snapshot) {
    TestRecords.produce(TOPICS.progress(), snapshot.uploadId(), snapshot);
  }

  private ViewerClient connect(String uploadId) {
    String port = gateway.getEnvironment().getProperty("local.server.port");
    return ViewerClient.connect(
        URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "/?token=" + token));
  }

  private static void assertConformToSchemas(ViewerClient viewer) {
    for (String message : viewer.rawMessages()) {
      JsonNode json = ProtocolJson.mapper().readTree(message);
      assertThat(ContractSchema.ofWebSocketMessage(json.get("type").asString()).violations(message))
          .as("%s", message).isEmpty();
    }
  }
}
