package org.uploadpipeline.cli;

import java.util.List;
import java.util.Locale;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

/** Server messages of upload {@code u-1}, as the gateway sends them. */
final class Messages {

  private Messages() {}

  static ServerMessage.Authenticated authenticated() {
    return new ServerMessage.Authenticated("u-1", "Authenticated");
  }

  /** A status with no pace yet and no estimate. */
  static ServerMessage.Status status(long seq, String status, double progress, long rows, Long total) {
    return status(seq, status, progress, rows, total, 0.0, null);
  }

  /** A status with the processor's pace and estimate. */
  static ServerMessage.Status status(
      long seq, String status, double progress, long rows, Long total, double rowsPerSecond, Long etaSeconds) {
    return new ServerMessage.Status("u-1", seq, UploadStatus.valueOf(status.toUpperCase(Locale.ROOT)), status,
        progress, rows, total, rowsPerSecond, etaSeconds, false, null);
  }

  /** The gateway's stall notice: the state of snapshot {@code seq} again, stalled since 10:00 UTC. */
  static ServerMessage.Status stall(long seq, double progress, long rows, Long total) {
    return new ServerMessage.Status("u-1", seq, UploadStatus.PROCESSING,
        "No progress since 2026-12-01T10:00:00Z: processing may have stopped", progress, rows, total, 0.0, null, true,
        null);
  }

  /** The status that ends a cancelled upload: its last state and the processor's message; nothing follows it. */
  static ServerMessage.Status cancelled(long seq, double progress, long rows) {
    return new ServerMessage.Status("u-1", seq, UploadStatus.CANCELLED, "Cancelled by user-42", progress, rows, null,
        0.0, null, false, null);
  }

  /** Progress with no pace yet and no estimate. */
  static ServerMessage.Progress progress(long seq, double percent, long rows, Long total) {
    return progress(seq, percent, rows, total, 0.0, null);
  }

  /** Progress with the processor's pace and estimate. */
  static ServerMessage.Progress progress(
      long seq, double percent, long rows, Long total, double rowsPerSecond, Long etaSeconds) {
    return new ServerMessage.Progress("u-1", seq, percent, "Processing rows...", rows, total, rowsPerSecond,
        etaSeconds, null);
  }

  static ServerMessage.Complete complete(long seq) {
    return new ServerMessage.Complete("u-1", seq, "Processing completed", results(), null);
  }

  static ServerMessage.Results results() {
    return new ServerMessage.Results("u-1", 10_000, 9985, 9985, 15, 99.9, new AggregationCounts(9985, 30, 1, 50),
        List.of(new RowError(17, "cantidad", "not a number: 'abc'")));
  }

  static ServerMessage.Error failure(long seq, String details) {
    return new ServerMessage.Error("u-1", seq, "Processing failed", details, null);
  }
}
