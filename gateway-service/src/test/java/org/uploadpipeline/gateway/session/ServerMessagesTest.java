package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

class ServerMessagesTest {

  @Test
  void firstSnapshotGivesStatusWithCurrentState() {
    List<String> messages = ServerMessages.forSnapshot(null, TestSnapshots.processing("u1", "acme", 4, 45.2, 452));

    assertThat(messages).hasSize(1);
    JsonNode status = json(messages.get(0));
    assertValid(ContractSchema.WS_STATUS, messages.get(0));
    assertThat(status.get("type").asString()).isEqualTo("status");
    assertThat(status.get("upload_id").asString()).isEqualTo("u1");
    assertThat(status.get("seq").asLong()).isEqualTo(4);
    assertThat(status.get("status").asString()).isEqualTo("processing");
    assertThat(status.get("progress").asDouble()).isEqualTo(45.2);
    assertThat(status.get("rows_processed").asLong()).isEqualTo(452);
    assertThat(status.get("total_rows").isNull()).isTrue();
  }

  @Test
  void sameStatusGivesProgress() {
    List<String> messages =
        ServerMessages.forSnapshot(UploadStatus.PROCESSING, TestSnapshots.processing("u1", "acme", 5, 50, 500));

    assertThat(messages).hasSize(1);
    assertValid(ContractSchema.WS_PROGRESS, messages.get(0));
    JsonNode progress = json(messages.get(0));
    assertThat(progress.get("type").asString()).isEqualTo("progress");
    assertThat(progress.get("percent").asDouble()).isEqualTo(50.0);
    assertThat(progress.get("current").asLong()).isEqualTo(500);
    assertThat(progress.get("seq").asLong()).isEqualTo(5);
  }

  @Test
  void completionGivesStatusThenCompleteWithSnakeCaseResults() {
    List<String> messages =
        ServerMessages.forSnapshot(UploadStatus.PROCESSING, TestSnapshots.completed("u1", "acme", 9));

    assertThat(messages).hasSize(2);
    assertValid(ContractSchema.WS_STATUS, messages.get(0));
    assertValid(ContractSchema.WS_COMPLETE, messages.get(1));
    assertThat(json(messages.get(0)).get("status").asString()).isEqualTo("completed");
    JsonNode results = json(messages.get(1)).get("results");
    assertThat(results.get("upload_id").asString()).isEqualTo("u1");
    assertThat(results.get("processed_rows").asLong()).isEqualTo(1000);
    assertThat(results.get("updated_rows").asLong()).isEqualTo(985);
    assertThat(results.get("valid_rows").asLong()).isEqualTo(985);
    assertThat(results.get("invalid_rows").asLong()).isEqualTo(15);
    assertThat(results.get("data_quality_score").asDouble()).isEqualTo(98.5);
    assertThat(results.get("aggregation_counts").get("raw_transactions").asLong()).isEqualTo(985);
    assertThat(results.get("aggregation_counts").get("product_aggregations").asLong()).isEqualTo(50);
    assertThat(results.get("row_errors").get(0).get("column").asString()).isEqualTo("cantidad");
    assertThat(results.get("row_errors").get(1).get("column").isNull()).isTrue();
    assertThat(messages.get(1)).doesNotContain("processedRows", "validRows", "rowErrors");
  }

  @Test
  void failureGivesStatusThenErrorWithReason() {
    List<String> messages = ServerMessages.forSnapshot(null, TestSnapshots.failed("u1", "acme", 3));

    assertThat(messages).hasSize(2);
    assertValid(ContractSchema.WS_STATUS, messages.get(0));
    assertValid(ContractSchema.WS_ERROR, messages.get(1));
    JsonNode error = json(messages.get(1));
    assertThat(error.get("message").asString()).isEqualTo("Processing failed");
    assertThat(error.get("details").asString()).isEqualTo("Invalid column mapping for 'fecha'");
    assertThat(error.get("seq").asLong()).isEqualTo(3);
  }

  @Test
  void repeatedTerminalStatusSendsNothingMore() {
    assertThat(ServerMessages.forSnapshot(UploadStatus.COMPLETED, TestSnapshots.completed("u1", "acme", 10)))
        .isEmpty();
  }

  @Test
  void controlMessagesConformToTheirSchemas() {
    assertValid(ContractSchema.WS_AUTHENTICATED, ServerMessages.authenticated("u1"));
    assertValid(ContractSchema.WS_ERROR, ServerMessages.error("u1", "Unauthorized", "token expired"));
    String pong = ServerMessages.pong("u1", IntNode.valueOf(1234567));
    assertValid(ContractSchema.WS_PONG, pong);
    assertThat(json(pong).get("timestamp").asLong()).isEqualTo(1234567);
  }

  private static void assertValid(ContractSchema schema, String json) {
    assertThat(schema.violations(json)).as("%s violations of %s", schema, json).isEmpty();
  }

  private static JsonNode json(String text) {
    return ProtocolJson.mapper().readTree(text);
  }
}
