package org.uploadpipeline.cli;

import org.uploadpipeline.protocol.ServerMessage;

/**
 * The latest known state of an upload, merged from {@code status}, {@code progress} and {@code complete} messages
 * (a {@code progress} message carries no status; a {@code status} message calls the percentage {@code progress}).
 * The pace and the time left are the processor's figures as the gateway sends them, not measured here.
 *
 * @param totalRows null until the processor knows it
 * @param rowsPerSecond the processor's pace over its recent window
 * @param etaSeconds the processor's estimate of the seconds left; null when unknown
 * @param stalled whether the last {@code status} said the upload stalled ({@code message} then says since when)
 */
record ProgressState(
    String status, double percent, long rowsProcessed, Long totalRows, String message, double rowsPerSecond,
    Long etaSeconds, boolean stalled) {

  static final ProgressState INITIAL = new ProgressState("pending", 0, 0, null, null, 0, null, false);

  /** This state moved on by {@code message}; other message types leave it as it is. */
  ProgressState apply(ServerMessage message) {
    if (message instanceof ServerMessage.Status s) {
      return new ProgressState(s.status().wireName(), Math.max(percent, s.progress()), s.rowsProcessed(),
          total(s.totalRows()), text(s.message()), s.rowsPerSecond(), s.etaSeconds(), s.stalled());
    }
    if (message instanceof ServerMessage.Progress p) {
      return new ProgressState(status, Math.max(percent, p.percent()), p.current(), total(p.total()),
          text(p.message()), p.rowsPerSecond(), p.etaSeconds(), stalled);
    }
    if (message instanceof ServerMessage.Complete c) {
      long rows = c.results() == null ? rowsProcessed : c.results().processedRows();
      return new ProgressState("completed", 100, rows, rows, text(c.message()), rowsPerSecond, 0L, false);
    }
    return this;
  }

  boolean isTerminal() {
    return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
  }

  boolean isCancelled() {
    return status.equals("cancelled");
  }

  private Long total(Long total) {
    return total == null ? totalRows : total;
  }

  private String text(String text) {
    return text == null ? this.message : text;
  }
}
