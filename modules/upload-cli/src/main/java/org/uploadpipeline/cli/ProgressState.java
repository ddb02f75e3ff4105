package org.uploadpipeline.cli;

import org.uploadpipeline.protocol.ServerMessage;

/**
 * The latest known state of an upload, merged from {@code status}, {@code progress} and {@code complete} messages
 * (a {@code progress} message carries no status; a {@code status} message calls the percentage {@code progress}).
 *
 * @param totalRows null until the processor knows it
 */
record ProgressState(String status, double percent, long rowsProcessed, Long totalRows, String message) {

  static final ProgressState INITIAL = new ProgressState("pending", 0, 0, null, null);

  /** This state moved on by {@code message}; other message types leave it as it is. */
  ProgressState apply(ServerMessage message) {
    if (message instanceof ServerMessage.Status s) {
      return new ProgressState(s.status().wireName(), Math.max(percent, s.progress()), s.rowsProcessed(),
          total(s.totalRows()), text(s.message()));
    }
    if (message instanceof ServerMessage.Progress p) {
      return new ProgressState(status, Math.max(percent, p.percent()), p.current(), total(p.total()),
          text(p.message()));
    }
    if (message instanceof ServerMessage.Complete c) {
      long rows = c.results() == null ? rowsProcessed : c.results().processedRows();
      return new ProgressState("completed", 100, rows, rows, text(c.message()));
    }
    return this;
  }

  boolean isTerminal() {
    return status.equals("completed") || status.equals("failed");
  }

  private Long total(Long total) {
    return total == null ? totalRows : total;
  }

  private String text(String text) {
    return text == null ? this.message : text;
  }
}
