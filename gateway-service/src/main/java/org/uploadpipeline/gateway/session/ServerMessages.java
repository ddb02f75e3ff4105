package org.uploadpipeline.gateway.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadError;
import org.uploadpipeline.protocol.UploadResults;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The server → client messages a snapshot becomes: a snapshot mapped to the contract's {@link ServerMessage} records,
 * written by {@link WebSocketJson} (snake_case at the edge, as the original frontend reads; Kafka stays camelCase).
 */
final class ServerMessages {

  static final String COMPLETED_MESSAGE = "Processing completed";
  static final String FAILED_MESSAGE = "Processing failed";

  private ServerMessages() {}

  /**
   * The messages that move a viewer who last saw {@code previous} (null: nothing yet) to {@code snapshot}: a
   * status change gives {@code status} (then {@code complete} or {@code error} when the upload finished); the same
   * status gives {@code progress}.
   */
  static List<String> forSnapshot(UploadStatus previous, ProgressSnapshot snapshot) {
    List<String> messages = new ArrayList<>(2);
    if (previous != snapshot.status()) {
      messages.add(status(snapshot));
      if (snapshot.status() == UploadStatus.COMPLETED) {
        messages.add(complete(snapshot));
      } else if (snapshot.status() == UploadStatus.FAILED) {
        messages.add(failure(snapshot));
      }
    } else if (!snapshot.status().isTerminal()) {
      messages.add(progress(snapshot));
    }
    return messages;
  }

  static String authenticated(String uploadId) {
    return WebSocketJson.write(new ServerMessage.Authenticated(uploadId, "Authenticated"));
  }

  static String error(String uploadId, String text, String details) {
    return WebSocketJson.write(new ServerMessage.Error(uploadId, null, text, details, null));
  }

  static String pong(String uploadId, JsonNode timestamp) {
    JsonNode echoed = timestamp == null ? NullNode.getInstance() : timestamp;
    return WebSocketJson.write(new ServerMessage.Pong(uploadId, echoed));
  }

  static String status(ProgressSnapshot snapshot) {
    return status(snapshot, snapshot.message(), false);
  }

  /**
   * The {@code status} of an upload that has had no new snapshot for the stall time: the same state, flagged, and a
   * message that says since when.
   */
  static String stalledStatus(ProgressSnapshot snapshot) {
    return status(snapshot, stalledMessage(snapshot), true);
  }

  private static String stalledMessage(ProgressSnapshot snapshot) {
    Instant since = snapshot.updatedAt() == null ? null : snapshot.updatedAt().truncatedTo(ChronoUnit.SECONDS);
    return "No progress since " + since + ": the upload has stalled";
  }

  private static String status(ProgressSnapshot snapshot, String message, boolean stalled) {
    return WebSocketJson.write(
        new ServerMessage.Status(
            snapshot.uploadId(),
            snapshot.seq(),
            snapshot.status(),
            message,
            percent(snapshot),
            snapshot.rowsProcessed(),
            snapshot.totalRows(),
            snapshot.rowsPerSecond(),
            snapshot.etaSeconds(),
            stalled,
            snapshot.traceId()));
  }

  static String progress(ProgressSnapshot snapshot) {
    return WebSocketJson.write(
        new ServerMessage.Progress(
            snapshot.uploadId(),
            snapshot.seq(),
            percent(snapshot),
            snapshot.message(),
            snapshot.rowsProcessed(),
            snapshot.totalRows(),
            snapshot.rowsPerSecond(),
            snapshot.etaSeconds(),
            snapshot.traceId()));
  }

  /** An upload as the tenant board lists it: its {@code status} fields, and what a list needs besides. */
  static ServerMessage.BoardEntry boardEntry(ProgressSnapshot snapshot, boolean stalled) {
    return new ServerMessage.BoardEntry(
        snapshot.uploadId(),
        snapshot.seq(),
        snapshot.status(),
        stalled ? stalledMessage(snapshot) : snapshot.message(),
        percent(snapshot),
        snapshot.rowsProcessed(),
        snapshot.totalRows(),
        snapshot.rowsPerSecond(),
        snapshot.etaSeconds(),
        stalled,
        snapshot.fileName(),
        snapshot.startedAt(),
        snapshot.updatedAt(),
        snapshot.traceId());
  }

  static String complete(ProgressSnapshot snapshot) {
    return WebSocketJson.write(
        new ServerMessage.Complete(
            snapshot.uploadId(),
            snapshot.seq(),
            snapshot.message() == null ? COMPLETED_MESSAGE : snapshot.message(),
            results(snapshot),
            snapshot.traceId()));
  }

  static String failure(ProgressSnapshot snapshot) {
    UploadError error = snapshot.error();
    return WebSocketJson.write(
        new ServerMessage.Error(
            snapshot.uploadId(),
            snapshot.seq(),
            error == null || error.message() == null ? FAILED_MESSAGE : error.message(),
            error == null ? null : error.details(),
            snapshot.traceId()));
  }

  private static ServerMessage.Results results(ProgressSnapshot snapshot) {
    UploadResults results = snapshot.results();
    long processed = results == null ? snapshot.rowsProcessed() : results.processedRows();
    long valid = results == null ? 0 : results.validRows();
    AggregationCounts counts =
        results == null || results.aggregationCounts() == null
            ? new AggregationCounts(0, 0, 0, 0)
            : results.aggregationCounts();
    return new ServerMessage.Results(
        snapshot.uploadId(),
        processed,
        // The original frontend reads updated_rows: rows written into aggregates, which are exactly the valid ones.
        valid,
        valid,
        results == null ? 0 : results.invalidRows(),
        results == null ? UploadResults.qualityScore(valid, processed) : results.dataQualityScore(),
        counts,
        results == null || results.rowErrors() == null ? List.of() : results.rowErrors());
  }

  private static double percent(ProgressSnapshot snapshot) {
    return Math.max(0.0, Math.min(100.0, snapshot.percent()));
  }
}
