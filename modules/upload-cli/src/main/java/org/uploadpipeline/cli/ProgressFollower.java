package org.uploadpipeline.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Follows one upload with the protocol's Java client ({@link UploadFollower}: first-message auth, resume by seq,
 * backoff with jitter, heartbeat, the contract's close-code policy) and turns how it ended into the uploader's
 * {@link Outcome} and exit code. The client knows no cancelled ending (to it the gateway's 1000 after the
 * {@code cancelled} status is a close like any other), so the {@code cancelled} status is recognised here.
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

  /** One upload being followed. */
  interface Watch {

    /** Waits until the upload ends, following is impossible or {@link #stop()} was called; how it ended. */
    Outcome outcome();

    /** Stops following (Ctrl-C); {@link #outcome()} then says {@link ExitCodes#INTERRUPTED}. */
    void stop();
  }

  /** Follows until the upload ends or following is impossible; returns how it ended. */
  Outcome follow(URI webSocketUri, String token, ProgressView view) {
    return start(webSocketUri, token, view).outcome();
  }

  /**
   * Starts following. The {@code cancelled} status ends it ({@link ExitCodes#CANCELLED}): nothing follows that status
   * but the gateway's close, so following stops there.
   */
  Watch start(URI webSocketUri, String token, ProgressView view) {
    AtomicReference<ServerMessage.Status> cancelled = new AtomicReference<>();
    CompletableFuture<UploadFollower.Following> started = new CompletableFuture<>();
    UploadFollower.Following following =
        follower.follow(List.of(webSocketUri), token, new UploadFollower.Listener() {
          @Override
          public void message(ServerMessage message) {
            view.message(message);
            if (message instanceof ServerMessage.Status status && status.status() == UploadStatus.CANCELLED) {
              cancelled.compareAndSet(null, status);
              started.thenAccept(UploadFollower.Following::stop);
            }
          }

          @Override
          public void reconnecting(int attempt, Duration delay, String reason) {
            view.reconnecting(attempt, maxAttempts, delay, reason);
          }
        });
    started.complete(following);
    return new Watch() {
      @Override
      public Outcome outcome() {
        try {
          return outcomeOf(following.ending().get(), cancelled.get());
        } catch (InterruptedException e) {
          following.stop();
          Thread.currentThread().interrupt();
          return Outcome.of(ExitCodes.CONNECTION, "interrupted");
        } catch (ExecutionException e) {
          return Outcome.of(ExitCodes.CONNECTION, "following failed: " + e.getCause());
        }
      }

      @Override
      public void stop() {
        following.stop();
      }
    };
  }

  /**
   * The outcome when the upload may have been cancelled: a {@code cancelled} status seen ends it so, however following
   * ended after it (stopped at once, or the gateway's 1000 close); following stopped before it is Ctrl-C's.
   */
  static Outcome outcomeOf(UploadFollower.Ending ending, ServerMessage.Status cancelled) {
    if (cancelled != null) {
      String message = cancelled.message() == null || cancelled.message().isBlank() ? "cancelled" : cancelled.message();
      return Outcome.of(ExitCodes.CANCELLED, "upload " + cancelled.uploadId() + " was cancelled (" + message
          + ") after " + Formats.count(cancelled.rowsProcessed()) + " rows; it has no results");
    }
    if (ending instanceof UploadFollower.Ending.Stopped) {
      return Outcome.of(ExitCodes.INTERRUPTED, "stopped watching (Ctrl-C); the upload goes on on the server");
    }
    return outcomeOf(ending);
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
