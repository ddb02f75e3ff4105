package org.uploadpipeline.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.CloseCode;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.LongNode;

/**
 * Follows one upload on {@code /ws/processing/{id}/} until it completes or fails: authenticates with the first message
 * (the token stays out of the URL), hands every new message to the view, and when the connection drops reconnects
 * with {@code ?lastSeq=N} after a growing, jittered delay. Close codes are handled as the contract's table says
 * ({@link #closeOutcome}): refusals (4001, 4003, 4004) end at once, a policy close (4008) retries after the longest
 * delay.
 */
final class ProgressFollower {

  /**
   * Reconnect and liveness limits.
   *
   * @param maxRetries reconnects in a row without receiving anything before giving up
   * @param initialBackoff the delay before the first reconnect; doubled for each further one
   * @param maxBackoff the longest delay between reconnects
   * @param pingInterval how often a {@code ping} message is sent, so a dead connection is noticed
   * @param idleTimeout a connection with no message for this long counts as dropped
   */
  record Settings(
      int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration pingInterval, Duration idleTimeout) {

    static final Settings DEFAULTS =
        new Settings(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(45));
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Settings settings;

  ProgressFollower(HttpClient http, Settings settings) {
    this.http = http;
    this.settings = settings;
  }

  /** Follows until the upload ends or following is impossible; returns how it ended. */
  Outcome follow(URI webSocketUri, String token, ProgressView view) {
    ResumeTracker tracker = new ResumeTracker();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread thread = new Thread(r, "upload-cli-watchdog");
          thread.setDaemon(true);
          return thread;
        });
    try {
      int failures = 0;
      while (true) {
        Connection connection = new Connection(token, tracker, view);
        long from = tracker.resumeFrom();
        URI uri = from > 0 ? URI.create(webSocketUri + "?lastSeq=" + from) : webSocketUri;
        End end = connection.run(uri, timer);
        if (end.outcome() != null) {
          return end.outcome();
        }
        // A connection that delivered something was healthy: the next drop starts the backoff afresh.
        failures = connection.receivedState ? 1 : failures + 1;
        if (failures > settings.maxRetries()) {
          return Outcome.of(
              ExitCodes.CONNECTION,
              "lost the progress connection (" + end.dropReason() + ") and gave up after "
                  + settings.maxRetries() + " reconnects");
        }
        // A policy close (4008) would repeat at once: only the longest delay gives it a chance to clear.
        Duration delay = end.later() ? settings.maxBackoff() : backoff(failures);
        view.reconnecting(failures, settings.maxRetries(), delay, end.dropReason());
        CompletableFuture.runAsync(
                () -> { }, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
            .join();
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private Duration backoff(int attempt) {
    long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    // Up to 20 % jitter, so many clients dropped at once do not all come back in the same instant.
    long jitter = capped / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
    return Duration.ofMillis(capped + jitter);
  }

  /**
   * Either an outcome (the end) or the reason a connection dropped (reconnect; {@code later}: only after the longest
   * delay).
   */
  record End(Outcome outcome, String dropReason, boolean later) {
    static End finished(Outcome outcome) {
      return new End(outcome, null, false);
    }

    static End dropped(String reason) {
      return new End(null, reason, false);
    }

    static End droppedForLater(String reason) {
      return new End(null, reason, true);
    }
  }

  /**
   * What a close code means for the uploader, as the contract's table ({@link CloseCode}) says: stop (with the exit
   * code that fits), reconnect and resume, or reconnect only after the longest delay.
   *
   * @param stated the reason to show: the error message before the close, else the close reason
   */
  static End closeOutcome(int statusCode, String reason, String stated) {
    return switch (statusCode) {
      case 4001 -> End.finished(Outcome.of(ExitCodes.AUTH, "the gateway refused the token (4001): " + stated));
      case 4003 -> End.finished(Outcome.of(ExitCodes.AUTH, "not allowed to watch this upload (4003): " + stated));
      case 4004 -> End.finished(Outcome.of(ExitCodes.CONNECTION, "the gateway does not know the upload (4004): "
          + stated));
      default -> switch (CloseCode.actionFor(statusCode)) {
        case STOP -> End.finished(Outcome.of(ExitCodes.CONNECTION, "the gateway closed the connection ("
            + statusCode + "): " + stated));
        case RECONNECT_LATER -> End.droppedForLater("closed by the gateway's policy (" + statusCode + "): "
            + stated);
        case RECONNECT_AND_RESUME -> End.dropped("closed with " + statusCode + (reason.isEmpty() ? "" : " "
            + reason));
      };
    };
  }

  /** One WebSocket connection. */
  private final class Connection implements WebSocket.Listener {

    private final String token;
    private final ResumeTracker tracker;
    private final ProgressView view;
    private final CompletableFuture<End> end = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> sending;
    private volatile WebSocket socket;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean receivedState;
    private volatile String refusal;

    Connection(String token, ResumeTracker tracker, ProgressView view) {
      this.token = token;
      this.tracker = tracker;
      this.view = view;
    }

    End run(URI uri, ScheduledExecutorService timer) {
      http.newWebSocketBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .buildAsync(uri, this)
          .whenComplete((ws, error) -> {
            if (error != null) {
              end.complete(End.dropped("cannot connect: " + describe(error)));
            }
          });
      long pingMillis = settings.pingInterval().toMillis();
      ScheduledFuture<?> watchdog =
          timer.scheduleAtFixedRate(this::keepAlive, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
      End result = end.join();
      watchdog.cancel(false);
      if (result.outcome() != null) {
        CompletableFuture<WebSocket> pending;
        synchronized (this) {
          pending = sending;
        }
        awaitQuietly(pending);
      }
      WebSocket ws = socket;
      if (ws != null && !ws.isOutputClosed()) {
        ws.abort();
      }
      return result;
    }

    /** Gives the close frame a moment to leave, so the gateway sees a clean close rather than a reset. */
    private void awaitQuietly(CompletableFuture<WebSocket> pending) {
      if (pending == null) {
        return;
      }
      try {
        pending.get(2, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // The outcome is known; a close frame that cannot be sent changes nothing.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      synchronized (this) {
        sending = CompletableFuture.completedFuture(webSocket);
      }
      socket = webSocket;
      send(WebSocketJson.write(new ClientMessage.Authenticate(token)));
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastReceivedNanos = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        handle(webSocket, text);
      }
      webSocket.request(1);
      return null;
    }

    private void handle(WebSocket webSocket, String text) {
      JsonNode message;
      try {
        message = ProtocolJson.mapper().readTree(text);
      } catch (JacksonException e) {
        return;
      }
      String type = message.path("type").asString("");
      if (type.equals("pong")) {
        return;
      }
      if (type.equals("error") && !message.hasNonNull("seq")) {
        // A protocol or auth problem, stated before the close that follows.
        refusal = reason(message);
        return;
      }
      if (!tracker.accept(message)) {
        return;
      }
      receivedState |= message.hasNonNull("seq");
      view.message(message);
      if (type.equals("complete")) {
        finish(webSocket, End.finished(Outcome.completed(message.path("results"))));
      } else if (type.equals("error")) {
        finish(webSocket, End.finished(Outcome.of(ExitCodes.FAILED, reason(message))));
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      String stated = refusal != null ? refusal : reason.isEmpty() ? "close code " + statusCode : reason;
      end.complete(closeOutcome(statusCode, reason, stated));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      end.complete(End.dropped(describe(error)));
    }

    private void keepAlive() {
      WebSocket ws = socket;
      if (ws == null || end.isDone()) {
        return;
      }
      long idle = System.nanoTime() - lastReceivedNanos;
      if (idle > settings.idleTimeout().toNanos()) {
        end.complete(End.dropped("no message for " + settings.idleTimeout().toSeconds() + " s"));
        ws.abort();
        return;
      }
      send(WebSocketJson.write(new ClientMessage.Ping(LongNode.valueOf(System.currentTimeMillis()))));
    }

    /** One send at a time, as {@link WebSocket} requires. */
    private synchronized void send(String text) {
      sending = sending.thenCompose(ws -> ws.sendText(text, true));
      sending.exceptionally(e -> {
        end.complete(End.dropped("send failed: " + describe(e)));
        return null;
      });
    }

    private void finish(WebSocket webSocket, End result) {
      end.complete(result);
      synchronized (this) {
        sending = sending.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
      }
    }
  }

  /** {@code message: details} of an {@code error} message. */
  static String reason(JsonNode error) {
    String message = error.path("message").asString("");
    String details = error.path("details").asString("");
    if (details.isEmpty()) {
      return message.isEmpty() ? "no reason given" : message;
    }
    return message.isEmpty() ? details : message + ": " + details;
  }

  private static String describe(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
