package org.uploadpipeline.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Contract values as the services produce them, for the serde and schema tests. */
final class Samples {

  static final Instant T0 = Instant.parse("2026-11-28T12:00:00.120Z");

  private Samples() {}

  static UploadJob job() {
    return new UploadJob(
        "u-20261128-0001",
        "acme",
        "user-42",
        T0,
        UploadSource.ofUri("file:///var/uploads/acme/u-20261128-0001.csv"),
        new CsvFormat(",", true, "UTF-8", "yyyy-MM-dd", "."),
        new ColumnMapping("fecha", "producto", "cantidad", "total", null, null, null));
  }

  static ProgressSnapshot processing() {
    return new ProgressSnapshot(
        "123", "acme", 17, UploadStatus.PROCESSING, "processing", 45.2, "Processing rows...", 452, null, null,
        null, T0, T0.plusMillis(3360), 0.0, null);
  }

  static ProgressSnapshot completed() {
    UploadResults results =
        new UploadResults(
            "123",
            1000,
            985,
            15,
            98.5,
            new AggregationCounts(985, 30, 1, 50),
            List.of(new RowError(17, "cantidad", "not a number: 'abc'")));
    return new ProgressSnapshot(
        "123", "acme", 18, UploadStatus.COMPLETED, "completed", 100.0, "Completed", 1000, 1000L, null,
        results, T0, T0.plusSeconds(5), 0.0, null);
  }

  static ProgressSnapshot failed() {
    return new ProgressSnapshot(
        "123", "acme", 3, UploadStatus.FAILED, "failed", 5.0, "Processing failed", 0, null,
        new UploadError("Processing failed", "Invalid column mapping for 'fecha'"), null, T0, T0, 0.0, null);
  }

  static UploadCommand.Cancel cancel() {
    return new UploadCommand.Cancel("u-20261128-0001", "acme", "user-42", T0.plusSeconds(2));
  }

  static ProgressSnapshot cancelled() {
    return new ProgressSnapshot(
        "123", "acme", 9, UploadStatus.CANCELLED, "cancelled", 45.2, "Cancelled by user-42", 452, null, null, null,
        T0, T0.plusSeconds(4), 0.0, null);
  }

  static AggregateRow dailyAggregate() {
    return new AggregateRow("123", AggregateKind.DAILY, "2026-11-05", 2, new BigDecimal("3"), new BigDecimal("12.10"));
  }
}
