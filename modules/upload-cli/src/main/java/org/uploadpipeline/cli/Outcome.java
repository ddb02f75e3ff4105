package org.uploadpipeline.cli;

import tools.jackson.databind.JsonNode;

/**
 * How an upload ended for this program.
 *
 * @param exitCode one of {@link ExitCodes}
 * @param reason why it did not complete (null when it completed)
 * @param results the {@code results} of the {@code complete} message (null unless it completed)
 */
record Outcome(int exitCode, String reason, JsonNode results) {

  static Outcome completed(JsonNode results) {
    return new Outcome(ExitCodes.COMPLETED, null, results);
  }

  static Outcome of(int exitCode, String reason) {
    return new Outcome(exitCode, reason, null);
  }

  boolean isCompleted() {
    return exitCode == ExitCodes.COMPLETED;
  }
}
