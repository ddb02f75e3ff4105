package org.uploadpipeline.gateway.session;

import java.util.ArrayList;
import java.util.List;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.UploadError;
import org.uploadpipeline.protocol.UploadResults;
import org.uploadpipeline.protocol.UploadStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server → client messages of the WebSocket protocol. Kafka records are camelCase; the original frontend reads
 * snake_case, so the translation happens here, at the edge, and nowhere else.
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
    ObjectNode message = message("authenticated", uploadId);
    message.put("message", "Authenticated");
    return write(message);
  }

  static String error(String uploadId, String text, String details) {
    ObjectNode message = message("error", uploadId);
    message.put("message", text);
    message.put("details", details);
    return write(message);
  }

  static String pong(String uploadId, JsonNode timestamp) {
    ObjectNode message = message("pong", uploadId);
    message.set("timestamp", timestamp == null ? message.nullNode() : timestamp);
    return write(message);
  }

  static String status(ProgressSnapshot snapshot) {
    ObjectNode message = stateMessage("status", snapshot);
    message.put("status", snapshot.status().wireName());
    message.put("message", snapshot.message());
    message.put("progress", percent(snapshot));
    message.put("rows_processed", snapshot.rowsProcessed());
    message.put("total_rows", snapshot.totalRows());
    return write(message);
  }

  static String progress(ProgressSnapshot snapshot) {
    ObjectNode message = stateMessage("progress", snapshot);
    message.put("percent", percent(snapshot));
    message.put("message", snapshot.message());
    message.put("current", snapshot.rowsProcessed());
    message.put("total", snapshot.totalRows());
    return write(message);
  }

  static String complete(ProgressSnapshot snapshot) {
    ObjectNode message = stateMessage("complete", snapshot);
    message.put("message", snapshot.message() == null ? COMPLETED_MESSAGE : snapshot.message());
    message.set("results", results(snapshot));
    return write(message);
  }

  static String failure(ProgressSnapshot snapshot) {
    ObjectNode message = stateMessage("error", snapshot);
    UploadError error = snapshot.error();
    message.put("message", error == null || error.message() == null ? FAILED_MESSAGE : error.message());
    message.put("details", error == null ? null : error.details());
    return write(message);
  }

  private static ObjectNode results(ProgressSnapshot snapshot) {
    UploadResults results = snapshot.results();
    ObjectNode node = ProtocolJson.mapper().createObjectNode();
    node.put("upload_id", snapshot.uploadId());
    long processed = results == null ? snapshot.rowsProcessed() : results.processedRows();
    long valid = results == null ? 0 : results.validRows();
    node.put("processed_rows", processed);
    // The original frontend reads updated_rows: rows written into aggregates, which are exactly the valid ones.
    node.put("updated_rows", valid);
    node.put("valid_rows", valid);
    node.put("invalid_rows", results == null ? 0 : results.invalidRows());
    node.put(
        "data_quality_score",
        results == null ? UploadResults.qualityScore(valid, processed) : results.dataQualityScore());
    AggregationCounts counts =
        results == null || results.aggregationCounts() == null
            ? new AggregationCounts(0, 0, 0, 0)
            : results.aggregationCounts();
    ObjectNode countsNode = node.putObject("aggregation_counts");
    countsNode.put("raw_transactions", counts.rawTransactions());
    countsNode.put("daily_aggregations", counts.dailyAggregations());
    countsNode.put("monthly_aggregations", counts.monthlyAggregations());
    countsNode.put("product_aggregations", counts.productAggregations());
    ArrayNode errors = node.putArray("row_errors");
    if (results != null && results.rowErrors() != null) {
      for (RowError rowError : results.rowErrors()) {
        ObjectNode errorNode = errors.addObject();
        errorNode.put("line", rowError.line());
        errorNode.put("column", rowError.column());
        errorNode.put("message", rowError.message());
      }
    }
    return node;
  }

  private static double percent(ProgressSnapshot snapshot) {
    return Math.max(0.0, Math.min(100.0, snapshot.percent()));
  }

  private static ObjectNode stateMessage(String type, ProgressSnapshot snapshot) {
    ObjectNode message = message(type, snapshot.uploadId());
    message.put("seq", snapshot.seq());
    return message;
  }

  private static ObjectNode message(String type, String uploadId) {
    ObjectNode message = ProtocolJson.mapper().createObjectNode();
    message.put("type", type);
    message.put("upload_id", uploadId);
    return message;
  }

  private static String write(ObjectNode message) {
    return ProtocolJson.mapper().writeValueAsString(message);
  }
}
