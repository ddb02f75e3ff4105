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

  static ServerMessage.Status status(long seq, String status, double progress, long rows, Long total) {
    return new ServerMessage.Status("u-1", seq, UploadStatus.valueOf(status.toUpperCase(Locale.ROOT)), status,
        progress, rows, total);
  }

  static ServerMessage.Progress progress(long seq, double percent, long rows, Long total) {
    return new ServerMessage.Progress("u-1", seq, percent, "Processing rows...", rows, total);
  }

  static ServerMessage.Complete complete(long seq) {
    return new ServerMessage.Complete("u-1", seq, "Processing completed", results());
  }

  static ServerMessage.Results results() {
    return new ServerMessage.Results("u-1", 10_000, 9985, 9985, 15, 99.9, new AggregationCounts(9985, 30, 1, 50),
        List.of(new RowError(17, "cantidad", "not a number: 'abc'")));
  }

  static ServerMessage.Error failure(long seq, String details) {
    return new ServerMessage.Error("u-1", seq, "Processing failed", details);
  }
}
