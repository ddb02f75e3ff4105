package org.uploadpipeline.cli;

import tools.jackson.databind.JsonNode;

/**
 * Remembers how far the viewer got, so a reconnect resumes with {@code ?lastSeq=N} and nothing is shown twice. A
 * finished upload arrives as {@code status} then {@code complete} (or {@code error}) with the same {@code seq}; if the
 * connection drops between the two, the resume point stays one before it so the final message is sent again.
 */
final class ResumeTracker {

  private long lastSeq;
  private boolean awaitingFinal;

  /** Whether {@code message} is new to the viewer; state messages already seen are refused. */
  synchronized boolean accept(JsonNode message) {
    if (!message.hasNonNull("seq")) {
      return true;
    }
    long seq = message.get("seq").asLong();
    String type = message.path("type").asString("");
    boolean isFinal = type.equals("complete") || type.equals("error");
    if (seq > lastSeq || (seq == lastSeq && awaitingFinal && isFinal)) {
      lastSeq = seq;
      awaitingFinal = type.equals("status") && isTerminal(message.path("status").asString(""));
      return true;
    }
    return false;
  }

  /** The {@code lastSeq} to reconnect with (0: from the start). */
  synchronized long resumeFrom() {
    return awaitingFinal ? lastSeq - 1 : lastSeq;
  }

  private static boolean isTerminal(String status) {
    return status.equals("completed") || status.equals("failed");
  }
}
