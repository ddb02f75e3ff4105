package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.testkit.ViewerClient;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestTokens;
import tools.jackson.databind.JsonNode;

class ViewerProgressIT extends GatewayIT {

  private final String token = TestTokens.hs256(SECRET).tenants("acme").sign();

  @Test
  void streamsStatusAndProgressUntilCompleteInOrderWithGrowingSeq() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    ViewerClient viewer = connectWithToken(uploadId, token);
    viewer.awaitMessages(2);

    publish(TestSnapshots.of(uploadId, "acme", 2, UploadStatus.VALIDATING, 5, 0, "Validating header"));
    publish(TestSnapshots.processing(uploadId, "acme", 3, 20, 200));
    publish(TestSnapshots.processing(uploadId, "acme", 4, 60, 600));
    publish(TestSnapshots.processing(uploadId, "acme", 5, 90, 900));
    publish(TestSnapshots.completed(uploadId, "acme", 6));
    List<JsonNode> messages = viewer.awaitMessageOfType("complete");

    List<String> types = types(messages);
    assertThat(types.get(0)).isEqualTo("authenticated");
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("status", "complete");
    assertThat(messages.stream().filter(m -> m.get("type").asString().equals("status")))
        .extracting(m -> m.get("status").asString())
        .containsExactly("pending", "validating", "processing", "completed");
    assertThat(types).contains("progress");
    // Each snapshot is delivered once: status/progress seqs grow strictly; complete repeats its status's seq.
    List<Long> stateSeqs =
        messages.stream()
            .filter(m -> List.of("status", "progress").contains(m.get("type").asString()))
            .map(m -> m.get("seq").asLong())
            .toList();
    assertThat(stateSeqs).isSorted().doesNotHaveDuplicates().endsWith(6L);
    assertThat(messages.get(messages.size() - 1).get("seq").asLong()).isEqualTo(6);
    assertThat(messages.get(messages.size() - 1).get("results").get("updated_rows").asLong()).isEqualTo(985);
    assertThat(messages).allSatisfy(m -> assertThat(m.get("upload_id").asString()).isEqualTo(uploadId));
    assertAllConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void lateJoinerAfterCompletionGetsStatusAndCompleteAtOnce() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    publish(TestSnapshots.processing(uploadId, "acme", 2, 50, 500));
    publish(TestSnapshots.completed(uploadId, "acme", 3));
    awaitStored(uploadId, 3, token);

    ViewerClient viewer = connectWithToken(uploadId, token);
    List<JsonNode> messages = viewer.awaitMessageOfType("complete");

    assertThat(types(messages)).containsExactly("authenticated", "status", "complete");
    assertThat(messages.get(1).get("status").asString()).isEqualTo("completed");
    assertThat(messages.get(1).get("seq").asLong()).isEqualTo(3);
    assertThat(messages.get(2).get("results").get("processed_rows").asLong()).isEqualTo(1000);
    assertAllConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void lateJoinerOfFailedUploadGetsStatusAndErrorWithTheReason() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    publish(TestSnapshots.failed(uploadId, "acme", 2));
    awaitStored(uploadId, 2, token);

    ViewerClient viewer = connectWithToken(uploadId, token);
    List<JsonNode> messages = viewer.awaitMessageOfType("error");

    assertThat(types(messages)).containsExactly("authenticated", "status", "error");
    assertThat(messages.get(1).get("status").asString()).isEqualTo("failed");
    assertThat(messages.get(2).get("details").asString()).isEqualTo("Invalid column mapping for 'fecha'");
    assertThat(messages.get(2).get("seq").asLong()).isEqualTo(2);
    assertThat(viewer.isClosed()).isFalse();
    assertAllConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void resumingWithLastSeqSendsNothingAlreadySeen() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    publish(TestSnapshots.processing(uploadId, "acme", 2, 20, 200));
    publish(TestSnapshots.processing(uploadId, "acme", 3, 30, 300));
    // Wait until the gateway knows seq 3, so the resume below really has something to suppress.
    connectWithToken(uploadId, token).awaitMessages(2);

    ViewerClient resumed = ViewerClient.connect(viewerUri(uploadId, "token=" + token + "&lastSeq=3"));
    resumed.awaitMessages(1);
    publish(TestSnapshots.processing(uploadId, "acme", 4, 40, 400));
    List<JsonNode> messages = resumed.awaitMessages(2);

    assertThat(types(messages)).containsExactly("authenticated", "status");
    assertThat(messages.get(1).get("seq").asLong()).isEqualTo(4);
    assertThat(messages.get(1).get("progress").asDouble()).isEqualTo(40.0);
    resumed.close();
  }

  @Test
  void resumingWithAnOlderLastSeqGetsTheLatestState() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    publish(TestSnapshots.processing(uploadId, "acme", 2, 20, 200));

    ViewerClient resumed = ViewerClient.connect(viewerUri(uploadId, "token=" + token + "&lastSeq=1"));
    List<JsonNode> messages = resumed.awaitMessages(2);

    assertThat(types(messages)).containsExactly("authenticated", "status");
    assertThat(messages.get(1).get("seq").asLong()).isEqualTo(2);
    resumed.close();
  }

  @Test
  void answersPingWithPongEchoingTheTimestamp() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    ViewerClient viewer = connectWithToken(uploadId, token);
    viewer.awaitMessages(2);

    viewer.send("{\"type\":\"ping\",\"timestamp\":1732795200123}");
    List<JsonNode> messages = viewer.awaitMessageOfType("pong");

    JsonNode pong = messages.get(messages.size() - 1);
    assertThat(pong.get("timestamp").asLong()).isEqualTo(1732795200123L);
    assertThat(pong.get("upload_id").asString()).isEqualTo(uploadId);
    assertAllConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void answersUnknownTypesAndBadJsonWithErrorAndStaysConnected() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    ViewerClient viewer = connectWithToken(uploadId, token);
    viewer.awaitMessages(2);

    viewer.send("{\"type\":\"subscribe\"}");
    viewer.send("{not json");
    viewer.send("{\"type\":\"ping\",\"timestamp\":\"t-1\"}");
    List<JsonNode> messages = viewer.awaitMessages(5);

    assertThat(types(messages).subList(2, 5)).containsExactly("error", "error", "pong");
    assertThat(messages.get(4).get("timestamp").asString()).isEqualTo("t-1");
    assertThat(viewer.isClosed()).isFalse();
    publish(TestSnapshots.processing(uploadId, "acme", 2, 10, 100));
    assertThat(viewer.awaitMessages(6).get(5).get("seq").asLong()).isEqualTo(2);
    assertAllConformToSchemas(viewer);
    viewer.close();
  }

  @Test
  void acceptsPathWithoutTrailingSlash() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));

    ViewerClient viewer =
        ViewerClient.connect(
            java.net.URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "?token=" + token));

    assertThat(types(viewer.awaitMessages(2))).containsExactly("authenticated", "status");
    assertThat(viewer.isClosed()).isFalse();
    viewer.close();
  }

  @Test
  void readinessIsUpOnceTheSnapshotStoreRuns() {
    var response = get("/actuator/health/readiness", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"UP\"");
  }
}
