package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Server → client messages of the WebSocket channels {@code /ws/processing/{uploadId}/} and {@code /ws/uploads/} (the
 * tenant board: {@link Uploads} first, then the other messages of every upload of its tenants), one record per
 * {@code type}, each with its JSON Schema ({@code ws-<type>.schema.json}). On the wire they are snake_case, as the
 * original frontend reads them ({@link WebSocketJson}); Kafka records stay camelCase.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerMessage.Authenticated.class, name = "authenticated"),
  @JsonSubTypes.Type(value = ServerMessage.Status.class, name = "status"),
  @JsonSubTypes.Type(value = ServerMessage.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerMessage.Complete.class, name = "complete"),
  @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = ServerMessage.Uploads.class, name = "uploads")
})
public sealed interface ServerMessage {

  /** The upload the message is about; every message but the board's {@link Uploads} carries it. */
  String uploadId();

  /** The token was accepted. */
  record Authenticated(String uploadId, String message) implements ServerMessage {}

  /**
   * The upload's current state: on join, on every status change, and when the gateway sees it stall.
   *
   * @param rowsPerSecond the processor's pace ({@link ProgressSnapshot#rowsPerSecond})
   * @param etaSeconds the processor's estimate of the seconds left; null when unknown
   * @param stalled true when an upload in {@code validating} or {@code processing} has had no new snapshot for the
   *     gateway's {@code stall-after} ({@code message} then says since when); sent again with the same {@code seq},
   *     and cleared ({@code false}) by the {@code status} of the next snapshot
   * @param traceId the upload's W3C trace id ({@link ProgressSnapshot#traceId}); null when it has none
   */
  record Status(
      String uploadId, long seq, UploadStatus status, String message, double progress, long rowsProcessed,
      Long totalRows, double rowsPerSecond, Long etaSeconds, boolean stalled, String traceId)
      implements ServerMessage {}

  /** Progress within a status, with the processor's pace and estimate and the trace id as in {@link Status}. */
  record Progress(
      String uploadId, long seq, double percent, String message, long current, Long total, double rowsPerSecond,
      Long etaSeconds, String traceId) implements ServerMessage {}

  /**
   * The upload failed ({@code seq} set), or a protocol or authentication problem ({@code seq} absent); before every
   * application close code, the reason.
   *
   * @param traceId the upload's trace id, with {@code seq}; absent for protocol problems
   */
  record Error(
      String uploadId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long seq,
      String message,
      String details,
      @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) implements ServerMessage {}

  /** The upload completed (also sent at once to a viewer who joins after completion). */
  record Complete(String uploadId, long seq, String message, Results results, String traceId)
      implements ServerMessage {}

  /** The reply to a client {@code ping}, its timestamp echoed as sent. */
  record Pong(String uploadId, JsonNode timestamp) implements ServerMessage {}

  /**
   * The tenant board's first message: the latest state of each upload of the token's tenants updated in the last 24
   * hours, newest first, at most the gateway's {@code board-size}. Also the body of {@code GET /api/uploads}.
   */
  record Uploads(List<BoardEntry> uploads) implements ServerMessage {
    /** About many uploads: each entry names its own. */
    @JsonIgnore
    @Override
    public String uploadId() {
      return null;
    }
  }

  /**
   * One upload on the board: the fields of its {@link Status}, and what a list needs besides.
   *
   * @param fileName the uploaded file's name when the job gave one, else null
   */
  record BoardEntry(
      String uploadId,
      long seq,
      UploadStatus status,
      String message,
      double progress,
      long rowsProcessed,
      Long totalRows,
      double rowsPerSecond,
      Long etaSeconds,
      boolean stalled,
      String fileName,
      Instant startedAt,
      Instant updatedAt,
      String traceId) {}

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
