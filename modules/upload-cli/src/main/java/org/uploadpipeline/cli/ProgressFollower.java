package org.uploadpipeline.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ServerMessage;

/**
 * Follows one upload with the protocol's Java client ({@link UploadFollower}: first-message auth, resume by seq,
 * backoff with jitter, heartbeat, the contract's close-code policy) and turns how it ended into the uploader's
 * {@link Outcome} and exit code.
 */
final class ProgressFollower {

  /** The client's defaults, but the uploader gives up after a few reconnects in a row: a person is waiting. */
  static final UploadFollower.Settings DEFAULT_SETTINGS = UploadFollower.Settings.DEFAULTS.withMaxAttempts(5);

  private final UploadFollower follower;
  private final int maxAttempts;

  ProgressFollower(HttpClient http, UploadFollower.Settings settings) {
    this.follower = new UploadFollower(http, settings);
    this.maxAttempts = settings.maxAttempts();
  }

  /** Follows until the upload ends or following is impossible; returns how it ended. */
  Outcome follow(URI webSocketUri, String token, ProgressView view) {
    UploadFollower.Following following =
        follower.follow(List.of(webSocketUri), token, new UploadFollower.Listener() {
          @Override
          public void message(ServerMessage message) {
            view.message(message);
          }

          @Override
          public void reconnecting(int attempt, Duration delay, String reason) {
            view.reconnecting(attempt, maxAttempts, delay, reason);
          }
        });
    try {
      return outcomeOf(following.ending().get());
    } catch (InterruptedException e) {
      following.stop();
      Thread.currentThread().interrupt();
      return Outcome.of(ExitCodes.CONNECTION, "interrupted");
    } catch (ExecutionException e) {
      return Outcome.of(ExitCodes.CONNECTION, "following failed: " + e.getCause());
    }
  }

  /** The uploader's outcome for how following ended; a refusal's exit code says whose fault it was. */
  static Outcome outcomeOf(UploadFollower.Ending ending) {
    if (ending instanceof UploadFollower.Ending.Completed completed) {
      return Outcome.completed(completed.message().results());
    }
    if (ending instanceof UploadFollower.Ending.Failed failed) {
      return Outcome.of(ExitCodes.FAILED, UploadFollower.reason(failed.message()));
    }
    if (ending instanceof UploadFollower.Ending.Refused refused) {
      return refusal(refused.code(), refused.reason());
    }
    if (ending instanceof UploadFollower.Ending.GaveUp gaveUp) {
      return Outcome.of(ExitCodes.CONNECTION, "lost the progress connection (" + gaveUp.reason()
          + ") and gave up after " + gaveUp.attempts() + " reconnects");
    }
    return Outcome.of(ExitCodes.CONNECTION, "stopped following");
  }

  private static Outcome refusal(int code, String reason) {
    return switch (code) {
      case 4001 -> Outcome.of(ExitCodes.AUTH, "the gateway refused the token (4001): " + reason);
      case 4003 -> Outcome.of(ExitCodes.AUTH, "not allowed to watch this upload (4003): " + reason);
      case 4004 -> Outcome.of(ExitCodes.CONNECTION, "the gateway does not know the upload (4004): " + reason);
      default -> Outcome.of(ExitCodes.CONNECTION, "the gateway closed the connection (" + code + "): " + reason);
    };
  }
}
