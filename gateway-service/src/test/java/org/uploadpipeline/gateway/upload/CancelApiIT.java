package org.uploadpipeline.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /api/uploads/{id}} over a real broker: the cancel command on {@code uploads.commands} for the owner's
 * upload in flight, {@code 409} once finished, and a viewer of a cancelled upload sees its status and a normal close.
 * (That the processor acts on the command is the processor's test, {@code CancelIT}.)
 */
class CancelApiIT extends GatewayIT {

  private final String acmeToken = TestTokens.hs256(SECRET).subject("user-9").tenants("acme").sign();

  @Test
  void cancellingAnUploadInFlightWritesTheOwnersCancelCommandAndAnswers202() {
    String uploadId = newUploadId();
    publish(TestSnapshots.processing(uploadId, "acme", 2, 25, 250));
    awaitKnown(uploadId);

    HttpResponse<String> response = delete(uploadId, acmeToken);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ProtocolJson.mapper().readTree(response.body()).get("status").asString()).isEqualTo("cancelling");
    List<ConsumerRecord<String, UploadCommand>> records =
        TestRecords.consumeUntil(
            TOPICS.commands(), found -> found.stream().anyMatch(r -> uploadId.equals(r.key())),
            Duration.ofSeconds(20));
    UploadCommand command = records.stream().filter(r -> uploadId.equals(r.key())).findFirst().orElseThrow().value();
    assertThat(command).isInstanceOfSatisfying(UploadCommand.Cancel.class, cancel -> {
      assertThat(cancel.uploadId()).isEqualTo(uploadId);
      assertThat(cancel.tenantId()).isEqualTo("acme");
      assertThat(cancel.requestedBy()).isEqualTo("user-9");
      assertThat(cancel.requestedAt()).isNotNull();
    });
    assertThat(ContractSchema.UPLOAD_COMMAND.violations(ProtocolJson.mapper().writeValueAsString(command))).isEmpty();
  }

  @Test
  void cancellingAFinishedUploadAnswers409AndAnotherTenantsOrAnUnknownOneNothingOfIt() {
    String finished = newUploadId();
    publish(TestSnapshots.completed(finished, "acme", 3));
    String foreign = newUploadId();
    publish(TestSnapshots.processing(foreign, "globex", 2, 25, 250));
    awaitKnown(finished);

    HttpResponse<String> conflict = delete(finished, acmeToken);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("already finished (completed)");
    await().atMost(Duration.ofSeconds(15)).until(() -> delete(foreign, acmeToken).statusCode() == 403);
    assertThat(delete(newUploadId(), acmeToken).statusCode()).isEqualTo(404);
    assertThat(delete(finished, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aViewerOfACancelledUploadGetsItsStatusThenANormalClose() {
    String uploadId = newUploadId();
    publish(TestSnapshots.processing(uploadId, "acme", 2, 25, 250));
    ViewerClient viewer = connectWithToken(uploadId, acmeToken);
    viewer.awaitMessages(2);

    publish(TestSnapshots.of(uploadId, "acme", 3, UploadStatus.CANCELLED, 25, 250, "Cancelled by user-9"));

    assertThat(viewer.awaitClose(Duration.ofSeconds(15))).isEqualTo(1000);
    JsonNode last = viewer.messages().get(viewer.messages().size() - 1);
    assertThat(last.get("type").asString()).isEqualTo("status");
    assertThat(last.get("status").asString()).isEqualTo("cancelled");
    assertThat(last.get("rows_processed").asLong()).isEqualTo(250);
    assertAllConformToSchemas(viewer);
  }

  private void awaitKnown(String uploadId) {
    await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/uploads/" + uploadId, acmeToken).statusCode() == 200);
  }

  private HttpResponse<String> delete(String uploadId, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/uploads/" + uploadId)).DELETE();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }
}
