package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.util.List;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.ServerMessage;

/** The results of a completed upload, for people: counts, quality, aggregates and the first row errors. */
final class ResultsReport {

  static final int MAX_ROW_ERRORS = 10;

  private ResultsReport() {}

  static void print(PrintWriter out, String uploadId, ServerMessage.Results results) {
    long invalid = results.invalidRows();
    AggregationCounts counts = results.aggregationCounts();
    out.println("Upload " + uploadId + " completed");
    out.println("  rows        " + Formats.count(results.processedRows()) + " processed, "
        + Formats.count(results.validRows()) + " valid, " + Formats.count(invalid) + " invalid");
    out.println("  quality     " + results.dataQualityScore() + " %");
    if (counts != null) {
      out.println("  aggregates  " + Formats.count(counts.rawTransactions()) + " transactions, "
          + Formats.count(counts.dailyAggregations()) + " daily, "
          + Formats.count(counts.monthlyAggregations()) + " monthly, "
          + Formats.count(counts.productAggregations()) + " products");
    }
    List<RowError> errors = results.rowErrors() == null ? List.of() : results.rowErrors();
    if (!errors.isEmpty()) {
      int shown = Math.min(errors.size(), MAX_ROW_ERRORS);
      out.println("  row errors  first " + shown + " of " + Formats.count(Math.max(invalid, errors.size())) + ":");
      for (RowError error : errors.subList(0, shown)) {
        String column = error.column() == null ? "" : error.column();
        out.println("    line " + error.line() + (column.isEmpty() ? "" : ", " + column) + ": "
            + (error.message() == null ? "" : error.message()));
      }
    }
    out.flush();
  }
}
