package org.uploadpipeline.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** The results of a completed upload, for people: counts, quality, aggregates and the first row errors. */
final class ResultsReport {

  static final int MAX_ROW_ERRORS = 10;

  private ResultsReport() {}

  static void print(PrintWriter out, String uploadId, JsonNode results) {
    long processed = results.path("processed_rows").asLong();
    long valid = results.path("valid_rows").asLong();
    long invalid = results.path("invalid_rows").asLong();
    JsonNode counts = results.path("aggregation_counts");
    out.println("Upload " + uploadId + " completed");
    out.println("  rows        " + Formats.count(processed) + " processed, " + Formats.count(valid) + " valid, "
        + Formats.count(invalid) + " invalid");
    out.println("  quality     " + results.path("data_quality_score").asString("-") + " %");
    out.println("  aggregates  " + Formats.count(counts.path("raw_transactions").asLong()) + " transactions, "
        + Formats.count(counts.path("daily_aggregations").asLong()) + " daily, "
        + Formats.count(counts.path("monthly_aggregations").asLong()) + " monthly, "
        + Formats.count(counts.path("product_aggregations").asLong()) + " products");
    JsonNode errors = results.path("row_errors");
    if (errors.isArray() && !errors.isEmpty()) {
      int shown = Math.min(errors.size(), MAX_ROW_ERRORS);
      out.println("  row errors  first " + shown + " of " + Formats.count(Math.max(invalid, errors.size())) + ":");
      for (int i = 0; i < shown; i++) {
        JsonNode error = errors.get(i);
        String column = error.path("column").asString("");
        out.println("    line " + error.path("line").asLong() + (column.isEmpty() ? "" : ", " + column) + ": "
            + error.path("message").asString(""));
      }
    }
    out.flush();
  }
}
