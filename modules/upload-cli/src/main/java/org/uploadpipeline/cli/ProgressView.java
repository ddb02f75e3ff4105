package org.uploadpipeline.cli;

import java.time.Duration;
import org.uploadpipeline.protocol.ServerMessage;

/** What the user sees of an upload: a terminal bar, plain lines, or JSON lines. */
interface ProgressView {

  /** The gateway accepted the upload. */
  void accepted(UploadRequest request, GatewayClient.Accepted accepted);

  /** A server message not seen before, in order (see the WebSocket protocol in the README). */
  void message(ServerMessage message);

  /** The progress connection dropped; the next attempt follows after {@code delay}. */
  void reconnecting(int attempt, int maxAttempts, Duration delay, String reason);

  /** The end: results when it completed; otherwise the reason, which the caller also prints to stderr. */
  void finished(Outcome outcome);

  /**
   * A question is about to be asked on the terminal (Ctrl-C): end or erase a line being redrawn, so it starts at the
   * left margin. Nothing is drawn until {@link #resume()}; the caller holds the messages meanwhile ({@link HeldView}).
   */
  default void pause() {}

  /** The question was answered: draw the current state again. */
  default void resume() {}
}
