package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/** The WebSocket messages as records: each one's JSON conforms to its schema, with the wire's snake_case names. */
class WebSocketContractTest {

  static Stream<ServerMessage> oneOfEach() {
    ServerMessage.Results results =
        new ServerMessage.Results("u1", 10, 9, 9, 1, 90.0, new AggregationCounts(9, 2, 1, 3),
            List.of(new RowError(7, "cantidad", "not a number: 'x'")));
    return Stream.of(
        new ServerMessage.Authenticated("u1", "Authenticated"),
        new ServerMessage.Status(
            "u1", 3, UploadStatus.PROCESSING, "Processing rows...", 42.5, 420, null, 0.0, null, false, null),
        new ServerMessage.Progress("u1", 4, 50.0, "Processing rows...", 500, 1000L, 0.0, null, null),
        new ServerMessage.Error("u1", 5L, "Processing failed", "Invalid column mapping for 'fecha'", null),
        new ServerMessage.Error("u1", null, "Unauthorized", "token expired", null),
        new ServerMessage.Complete("u1", 6, "Processing completed", results, null),
        new ServerMessage.Pong("u1", LongNode.valueOf(1_700_000_000_000L)));
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  void everyMessageConformsToItsSchemaAndReadsBack(ServerMessage message) {
    String json = WebSocketJson.write(message);
    JsonNode tree = WebSocketJson.mapper().readTree(json);

    assertThat(ContractSchema.ofWebSocketMessage(tree.get("type").asString()).violations(json)).as(json).isEmpty();
    assertThat(tree.get("upload_id").asString()).isEqualTo("u1");
    assertThat(WebSocketJson.read(json)).isEqualTo(message);
  }

  @Test
  void messagesOfAnOlderGatewayWithoutPaceOrStallStillRead() {
    ServerMessage status = WebSocketJson.read("{\"type\":\"status\",\"upload_id\":\"u1\",\"seq\":3,"
        + "\"status\":\"processing\",\"message\":null,\"progress\":42.5,\"rows_processed\":420,\"total_rows\":null}");

    assertThat(status).isEqualTo(
        new ServerMessage.Status("u1", 3, UploadStatus.PROCESSING, null, 42.5, 420, null, 0.0, null, false, null));
  }

  @Test
  void namesAreSnakeCaseAndTheTypeComesFirst() {
    String json = WebSocketJson.write(oneOfEach().filter(m -> m instanceof ServerMessage.Complete).findFirst()
        .orElseThrow());

    assertThat(json).startsWith("{\"type\":\"complete\",\"upload_id\":\"u1\",\"seq\":6");
    assertThat(json).contains("\"processed_rows\":10", "\"data_quality_score\":90.0",
        "\"aggregation_counts\":{\"raw_transactions\":9", "\"row_errors\":[{\"line\":7");
  }

  @Test
  void aProtocolErrorHasNoSeqAndAnUploadFailureHasOne() {
    assertThat(WebSocketJson.write(new ServerMessage.Error("u1", null, "Unauthorized", null, null)))
        .isEqualTo("{\"type\":\"error\",\"upload_id\":\"u1\",\"message\":\"Unauthorized\",\"details\":null}");
    assertThat(WebSocketJson.write(new ServerMessage.Error("u1", 5L, "Processing failed", "x", "4bf92f35")))
        .contains("\"seq\":5", "\"trace_id\":\"4bf92f35\"");
  }

  @Test
  void clientMessagesAreWrittenAsTheServerReadsThem() {
    assertThat(WebSocketJson.write(new ClientMessage.Authenticate("a\"b")))
        .isEqualTo("{\"type\":\"authenticate\",\"token\":\"a\\\"b\"}");
    assertThat(WebSocketJson.write(new ClientMessage.Ping(LongNode.valueOf(5))))
        .isEqualTo("{\"type\":\"ping\",\"timestamp\":5}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1000, STOP", "1001, RECONNECT_AND_RESUME", "1003, STOP", "1006, RECONNECT_AND_RESUME",
    "1008, RECONNECT_AND_RESUME", "1012, RECONNECT_AND_RESUME", "4001, STOP", "4003, STOP", "4004, STOP",
    "4008, RECONNECT_LATER"
  })
  void everyCloseCodeSaysWhatAClientDoes(int code, CloseCode.Action action) {
    assertThat(CloseCode.actionFor(code)).isEqualTo(action);
  }

  @ParameterizedTest
  @ValueSource(strings = {"123", "u-2026_11", "a"})
  void acceptsUploadIdsOfThePattern(String id) {
    assertThat(UploadId.isValid(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "../x", "é", "x x"})
  void refusesOtherUploadIds(String id) {
    assertThat(UploadId.isValid(id)).isFalse();
    assertThat(UploadId.isValid("a".repeat(65))).isFalse();
    assertThat(UploadId.isValid(null)).isFalse();
  }
}
