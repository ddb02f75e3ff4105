package org.uploadpipeline.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;

/**
 * {@code watch}: follows one upload with the protocol's Java client (first-message auth, so the token stays out of
 * URLs and logs; resume after a drop) and prints every message the gateway sends, until {@code complete}, a failure
 * or a refusal.
 */
final class ProgressWatcher {

  private ProgressWatcher() {}

  /** Watches until the upload ends; returns 0 when it completed, 1 otherwise. */
  static int watch(String webSocketUrl, String token, PrintStream out) {
    UploadFollower.Ending ending = new UploadFollower(UploadFollower.Settings.DEFAULTS.withMaxAttempts(5))
        .follow(List.of(URI.create(webSocketUrl)), token, new UploadFollower.Listener() {
          @Override
          public void message(ServerMessage message) {
            out.println(WebSocketJson.write(message));
          }

          @Override
          public void reconnecting(int attempt, Duration delay, String reason) {
            out.println("connection lost (" + reason + "); reconnecting in " + delay.toMillis() + " ms");
          }
        })
        .ending()
        .join();
    if (ending instanceof UploadFollower.Ending.Completed) {
      return 0;
    }
    out.println("ended: " + ending);
    return 1;
  }
}
