package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.StandaloneGateway;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.TestTopics;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/**
 * The tenant board over real sockets and a real broker: a board lists its tenants' uploads, newest first, then every
 * change of them, and never a byte of another tenant's; the API gives the same list; a restarted gateway lists them
 * again. Each test has tenants of its own, as the shared topic holds every other test's uploads.
 */
class BoardIT extends GatewayIT {

  private final String acme = "board-acme-" + UUID.randomUUID();
  private final String globex = "board-globex-" + UUID.randomUUID();

  @Test
  void aBoardListsItsTenantsUploadsThenEveryChangeAndNothingOfAnotherTenant() {
    String first = newUploadId();
    String second = newUploadId();
    String foreign = newUploadId();
    publish(TestSnapshots.completed(first, acme, 3));
    publish(TestSnapshots.processing(second, acme, 2, 20, 200));
    publish(TestSnapshots.processing(foreign, globex, 2, 50, 500));
    String acmeToken = TestTokens.hs256(SECRET).tenants(acme).sign();
    awaitListed(acmeToken, 2);

    ViewerClient board = ViewerClient.connect(boardUri("token=" + acmeToken));
    List<JsonNode> messages = board.awaitMessages(2);

    assertThat(messages.get(0).get("type").asString()).isEqualTo("authenticated");
    JsonNode list = messages.get(1);
    assertThat(list.get("type").asString()).isEqualTo("uploads");
    assertThat(ids(list)).containsExactly(second, first);
    assertThat(list.get("uploads").get(0).get("status").asString()).isEqualTo("processing");
    assertThat(list.get("uploads").get(0).get("rows_processed").asLong()).isEqualTo(200);
    assertThat(list.get("uploads").get(1).get("status").asString()).isEqualTo("completed");

    String third = newUploadId();
    publish(TestSnapshots.pending(third, acme, 1));
    publish(TestSnapshots.processing(foreign, globex, 3, 60, 600));
    publish(TestSnapshots.processing(second, acme, 3, 30, 300));
    publish(TestSnapshots.completed(second, acme, 4));
    board.awaitMessageOfType("complete");

    List<JsonNode> live = board.messages().subList(2, board.messages().size());
    assertThat(live).extracting(m -> m.get("type").asString() + ":" + m.get("upload_id").asString())
        .containsSubsequence("status:" + third, "progress:" + second, "status:" + second, "complete:" + second);
    assertThat(board.rawMessages()).noneMatch(raw -> raw.contains(foreign) || raw.contains(globex));
    assertAllConformToSchemas(board);
    board.close();
  }

  @Test
  void aTokenOfTwoTenantsSeesBothAndTheApiGivesTheSameListUpToItsLimit() {
    String a = newUploadId();
    String b = newUploadId();
    publish(TestSnapshots.processing(a, acme, 2, 20, 200));
    publish(TestSnapshots.processing(b, globex, 2, 20, 200));
    String both = TestTokens.hs256(SECRET).tenants(acme, globex).sign();
    awaitListed(both, 2);

    JsonNode listed = ProtocolJson.mapper().readTree(get("/api/uploads", both).body());
    ViewerClient board = ViewerClient.connect(boardUri("token=" + both));
    JsonNode sent = board.awaitMessages(2).get(1);

    assertThat(ids(listed)).containsExactly(b, a);
    assertThat(ids(sent)).containsExactly(b, a);
    assertThat(ids(ProtocolJson.mapper().readTree(get("/api/uploads?limit=1", both).body()))).containsExactly(b);
    assertThat(get("/api/uploads?limit=0", both).statusCode()).isEqualTo(400);
    assertThat(get("/api/uploads?limit=many", both).body()).contains("limit must be a whole number from 1 to 100");
    assertThat(get("/api/uploads", null).statusCode()).isEqualTo(401);
    board.close();
  }

  @Test
  void aBoardThatAuthenticatesByMessageGetsItsListAfterAuthenticated() {
    String a = newUploadId();
    publish(TestSnapshots.processing(a, acme, 2, 20, 200));
    String token = TestTokens.hs256(SECRET).tenants(acme).sign();
    awaitListed(token, 1);

    ViewerClient board = ViewerClient.connect(boardUri(null));
    board.send("{\"type\":\"authenticate\",\"token\":\"" + token + "\"}");

    assertThat(board.awaitMessages(2)).extracting(m -> m.get("type").asString())
        .containsExactly("authenticated", "uploads");
    board.close();
  }

  @Test
  void anUploadUpdatedLongerAgoThanTheWindowIsNotListed() {
    String recent = newUploadId();
    String old = newUploadId();
    publish(TestSnapshots.updatedAt(TestSnapshots.completed(old, acme, 3), Instant.now().minus(Duration.ofHours(25))));
    publish(TestSnapshots.completed(recent, acme, 3));
    String token = TestTokens.hs256(SECRET).tenants(acme).sign();
    awaitListed(token, 1);

    assertThat(ids(ProtocolJson.mapper().readTree(get("/api/uploads", token).body()))).containsExactly(recent);
  }

  @Test
  void aRestartedGatewayListsTheBoardAgainFromTheTopic() {
    Topics topics = TestTopics.createContractTopics(TestTopics.uniqueContractTopics("board-restart"), 2);
    String a = newUploadId();
    String b = newUploadId();
    TestRecords.produce(topics.progress(), a, TestSnapshots.completed(a, acme, 3));
    TestRecords.produce(topics.progress(), b, TestSnapshots.processing(b, acme, 2, 20, 200));
    String token = TestTokens.hs256(SECRET).tenants(acme).sign();
    Path state = Path.of(System.getProperty("java.io.tmpdir"), "board-restart-state");

    try (ConfigurableApplicationContext first = StandaloneGateway.start(topics, state)) {
      assertThat(ids(boardOf(first, token, 2))).containsExactly(b, a);
    }
    String c = newUploadId();
    TestRecords.produce(topics.progress(), c, TestSnapshots.pending(c, acme, 1));
    try (ConfigurableApplicationContext second = StandaloneGateway.start(topics, state)) {
      assertThat(ids(boardOf(second, token, 3))).containsExactly(c, b, a);
    }
  }

  /** The board of a standalone gateway once it lists {@code count} uploads (its index is rebuilt after it serves). */
  private static JsonNode boardOf(ConfigurableApplicationContext gateway, String token, int count) {
    await().atMost(Duration.ofSeconds(30))
        .until(gateway.getBean(SnapshotStore.class)::isServing);
    String port = gateway.getEnvironment().getProperty("local.server.port");
    URI uri = URI.create("ws://localhost:" + port + "/ws/uploads/?token=" + token);
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      ViewerClient probe = ViewerClient.connect(uri);
      try {
        return probe.awaitMessages(2).get(1).get("uploads").size() >= count;
      } finally {
        probe.close();
      }
    });
    ViewerClient board = ViewerClient.connect(uri);
    JsonNode list = board.awaitMessages(2).get(1);
    board.close();
    return list;
  }

  /** Until the API lists at least {@code count} uploads for the token (the snapshots have reached the store). */
  private void awaitListed(String token, int count) {
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      HttpResponse<String> response = get("/api/uploads", token);
      return response.statusCode() == 200
          && ProtocolJson.mapper().readTree(response.body()).get("uploads").size() >= count;
    });
  }

  private URI boardUri(String query) {
    return URI.create("ws://localhost:" + port + "/ws/uploads/" + (query == null ? "" : "?" + query));
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("uploads").forEach(entry -> ids.add(entry.get("upload_id").asString()));
    return ids;
  }
}
