package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/** One upload, many viewers: everyone ends on the final state in order, and a stalled viewer holds nobody up. */
class FanOutIT extends GatewayIT {

  private static final int VIEWERS = 40;
  private static final int UPDATES = 60;

  @Test
  void manyViewersOfOneUploadAllEndOnCompleteWithOrderedStates() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    List<ViewerClient> viewers = new ArrayList<>();
    for (int i = 0; i < VIEWERS; i++) {
      // Several users: the per-user session limit is not what this test is about.
      String token = TestTokens.hs256(SECRET).subject("fan-" + (i % 10)).tenants("acme").sign();
      viewers.add(connectWithToken(uploadId, token));
    }
    viewers.forEach(v -> v.awaitMessageOfType("status"));

    publishRun(uploadId);

    for (ViewerClient viewer : viewers) {
      List<JsonNode> messages = viewer.awaitMessageOfType("complete", Duration.ofSeconds(30));
      assertOrderedAndComplete(messages);
      viewer.close();
    }
  }

  @Test
  void aViewerThatNeverReadsDoesNotDelayAnotherAndStillEndsOnTheFinalStateOrAClearClose() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    String token = TestTokens.hs256(SECRET).subject("stalled").tenants("acme").sign();
    ViewerClient stalled = ViewerClient.connectPaused(viewerUri(uploadId, "token=" + token));
    ViewerClient reader = connectWithToken(uploadId, TestTokens.hs256(SECRET).subject("reader").tenants("acme").sign());
    reader.awaitMessageOfType("status");

    publishRun(uploadId);
    assertOrderedAndComplete(reader.awaitMessageOfType("complete"));
    assertThat(stalled.messages()).isEmpty();

    stalled.resume();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stalled.types().contains("complete") || stalled.isClosed());
    if (stalled.types().contains("complete")) {
      assertOrderedAndComplete(stalled.messages());
    } else {
      assertThat(stalled.closeReason()).isEqualTo("viewer too slow");
    }
    stalled.close();
    reader.close();
  }

  private static void publishRun(String uploadId) {
    publish(TestSnapshots.of(uploadId, "acme", 2, UploadStatus.VALIDATING, 1, 0, "Validating header"));
    for (int i = 1; i <= UPDATES; i++) {
      publish(TestSnapshots.processing(uploadId, "acme", 2 + i, i * 90.0 / UPDATES, i * 10L));
    }
    ProgressSnapshot done = TestSnapshots.completed(uploadId, "acme", 3 + UPDATES);
    publish(done);
  }

  private static void assertOrderedAndComplete(List<JsonNode> messages) {
    List<String> types = types(messages);
    assertThat(types.get(0)).isEqualTo("authenticated");
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("status", "complete");
    assertThat(messages.stream().filter(m -> m.get("type").asString().equals("status")))
        .extracting(m -> m.get("status").asString())
        .containsExactly("pending", "validating", "processing", "completed");
    List<Long> seqs =
        messages.stream()
            .filter(m -> List.of("status", "progress").contains(m.get("type").asString()))
            .map(m -> m.get("seq").asLong())
            .toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates().endsWith(3L + UPDATES);
    List<Double> percents =
        messages.stream()
            .filter(m -> m.get("type").asString().equals("progress"))
            .map(m -> m.get("percent").asDouble())
            .toList();
    assertThat(percents).isSorted();
  }
}
