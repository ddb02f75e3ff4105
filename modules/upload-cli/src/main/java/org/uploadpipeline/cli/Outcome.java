package org.uploadpipeline.cli;

import org.uploadpipeline.protocol.ServerMessage;

/**
 * How an upload ended for this program.
 *
 * @param exitCode one of {@link ExitCodes}
 * @param reason why it did not complete (null when it completed)
 * @param results the {@code results} of the {@code complete} message (null unless it completed)
 */
record Outcome(int exitCode, String reason, ServerMessage.Results results) {

  static Outcome completed(ServerMessage.Results results) {
    return new Outcome(ExitCodes.COMPLETED, null, results);
  }

  static Outcome of(int exitCode, String reason) {
    return new Outcome(exitCode, reason, null);
  }

  boolean isCompleted() {
    return exitCode == ExitCodes.COMPLETED;
  }
}
