package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Server → client messages of the WebSocket channel {@code /ws/processing/{uploadId}/}, one record per {@code type},
 * each with its JSON Schema ({@code ws-<type>.schema.json}). On the wire they are snake_case, as the original
 * frontend reads them ({@link WebSocketJson}); Kafka records stay camelCase.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerMessage.Authenticated.class, name = "authenticated"),
  @JsonSubTypes.Type(value = ServerMessage.Status.class, name = "status"),
  @JsonSubTypes.Type(value = ServerMessage.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerMessage.Complete.class, name = "complete"),
  @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong")
})
public sealed interface ServerMessage {

  /** The upload the session watches; every message carries it. */
  String uploadId();

  /** The token was accepted. */
  record Authenticated(String uploadId, String message) implements ServerMessage {}

  /** The upload's current state: on join, and on every status change. */
  record Status(
      String uploadId, long seq, UploadStatus status, String message, double progress, long rowsProcessed,
      Long totalRows) implements ServerMessage {}

  /** Progress within a status. */
  record Progress(String uploadId, long seq, double percent, String message, long current, Long total)
      implements ServerMessage {}

  /**
   * The upload failed ({@code seq} set), or a protocol or authentication problem ({@code seq} absent); before every
   * application close code, the reason.
   */
  record Error(String uploadId, @JsonInclude(JsonInclude.Include.NON_NULL) Long seq, String message, String details)
      implements ServerMessage {}

  /** The upload completed (also sent at once to a viewer who joins after completion). */
  record Complete(String uploadId, long seq, String message, Results results) implements ServerMessage {}

  /** The reply to a client {@code ping}, its timestamp echoed as sent. */
  record Pong(String uploadId, JsonNode timestamp) implements ServerMessage {}

  /**
   * {@code results} of {@code complete}, as the original frontend reads them, plus what this system adds.
   * {@code updatedRows} (rows written into aggregates) equals {@code validRows}, kept for the original frontend.
   */
  record Results(
      String uploadId,
      long processedRows,
      long updatedRows,
      long validRows,
      long invalidRows,
      double dataQualityScore,
      AggregationCounts aggregationCounts,
      List<RowError> rowErrors) {}
}
