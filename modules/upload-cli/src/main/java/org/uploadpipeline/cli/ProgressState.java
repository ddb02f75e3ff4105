package org.uploadpipeline.cli;

import tools.jackson.databind.JsonNode;

/**
 * The latest known state of an upload, merged from {@code status}, {@code progress} and {@code complete} messages
 * (a {@code progress} message carries no status; a {@code status} message calls the percentage {@code progress}).
 *
 * @param totalRows null until the processor knows it
 */
record ProgressState(String status, double percent, long rowsProcessed, Long totalRows, String message) {

  static final ProgressState INITIAL = new ProgressState("pending", 0, 0, null, null);

  /** This state moved on by {@code message}; other message types leave it as it is. */
  ProgressState apply(JsonNode message) {
    return switch (message.path("type").asString("")) {
      case "status" ->
          new ProgressState(
              message.path("status").asString(status),
              Math.max(percent, message.path("progress").asDouble(percent)),
              message.path("rows_processed").asLong(rowsProcessed),
              total(message.get("total_rows")),
              text(message));
      case "progress" ->
          new ProgressState(
              status,
              Math.max(percent, message.path("percent").asDouble(percent)),
              message.path("current").asLong(rowsProcessed),
              total(message.get("total")),
              text(message));
      case "complete" ->
          new ProgressState(
              "completed", 100, message.path("results").path("processed_rows").asLong(rowsProcessed),
              message.path("results").path("processed_rows").asLong(rowsProcessed), text(message));
      default -> this;
    };
  }

  boolean isTerminal() {
    return status.equals("completed") || status.equals("failed");
  }

  private Long total(JsonNode node) {
    return node == null || node.isNull() ? totalRows : Long.valueOf(node.asLong());
  }

  private String text(JsonNode message) {
    JsonNode text = message.get("message");
    return text == null || text.isNull() ? this.message : text.asString();
  }
}
