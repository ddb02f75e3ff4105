package org.uploadpipeline.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.CloseCode;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.LongNode;

/**
 * Follows one upload on {@code /ws/processing/{id}/} as the contract asks a client to, the same policy as client-js:
 * authenticates with its first message (the token stays out of URLs and logs); when the connection drops, reconnects
 * after a capped exponential delay with equal jitter ({@link Backoff}), to the next address of its list, with
 * {@code ?lastSeq=N} so nothing is delivered twice ({@link ResumePoint}); pings, and drops a connection that stays
 * silent after a ping; acts on close codes as {@link CloseCode} says. It ends on {@code complete}, on the upload's
 * {@code error}, on a refusal, or after {@link Settings#maxAttempts()} reconnects in a row.
 */
public final class UploadFollower {

  /** The close code this client sends when it drops a connection that did not answer a ping, as client-js does. */
  public static final int HEARTBEAT_CLOSE_CODE = 4000;

  private static final ScheduledExecutorService SHARED_TIMER =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "upload-follower-timer");
        thread.setDaemon(true);
        return thread;
      });

  /**
   * Reconnect and liveness settings; {@link #DEFAULTS} are client-js's.
   *
   * @param initialDelay the first reconnect's delay step; each further one multiplies it by {@code factor}
   * @param maxDelay the longest delay, also the wait after a policy close (4008)
   * @param healthyAfter a connection open this long resets the backoff to {@code initialDelay}
   * @param maxAttempts reconnects in a row before giving up ({@link Integer#MAX_VALUE}: never)
   * @param pingInterval how often a {@code ping} is sent ({@link Duration#ZERO}: never)
   * @param pongTimeout a connection with nothing received this long after a ping is dropped and replaced
   */
  public record Settings(
      Duration initialDelay, Duration maxDelay, double factor, Duration healthyAfter, int maxAttempts,
      Duration pingInterval, Duration pongTimeout, Duration connectTimeout) {

    public static final Settings DEFAULTS =
        new Settings(Duration.ofMillis(500), Duration.ofSeconds(15), 2, Duration.ofSeconds(10), Integer.MAX_VALUE,
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10));

    public Settings withMaxAttempts(int attempts) {
      return new Settings(initialDelay, maxDelay, factor, healthyAfter, attempts, pingInterval, pongTimeout,
          connectTimeout);
    }

    public Settings withDelays(Duration initial, Duration max) {
      return new Settings(initial, max, factor, healthyAfter, maxAttempts, pingInterval, pongTimeout,
          connectTimeout);
    }

    public Settings withHeartbeat(Duration interval, Duration timeout) {
      return new Settings(initialDelay, maxDelay, factor, healthyAfter, maxAttempts, interval, timeout,
          connectTimeout);
    }
  }

  /** What a follower reports while it follows; called on the client's threads, one call at a time. */
  public interface Listener {

    /** A message new to the viewer, in order: {@code authenticated}, then the upload's state messages. */
    void message(ServerMessage message);

    /** A state message at or below the resume point: the server should never send one; it is not passed on. */
    default void repeated(ServerMessage message) {}

    /** The connection dropped; the next attempt starts after {@code delay}. */
    default void reconnecting(int attempt, Duration delay, String reason) {}

    /** A message this client cannot read (not JSON, or a type it does not know); it is skipped. */
    default void unreadable(String text, String problem) {}
  }

  /** How following ended. */
  public sealed interface Ending {

    /** The upload completed. */
    record Completed(ServerMessage.Complete message) implements Ending {}

    /** The upload failed; {@code message} says why. */
    record Failed(ServerMessage.Error message) implements Ending {}

    /**
     * The gateway closed with a code that means stop ({@link CloseCode.Action#STOP}); {@code reason} is the error
     * message sent before the close, else the close's reason.
     */
    record Refused(int code, String reason) implements Ending {}

    /** {@link Settings#maxAttempts()} reconnects in a row failed; {@code reason} is the last drop's. */
    record GaveUp(int attempts, String reason) implements Ending {}

    /** {@link Following#stop()} was called. */
    record Stopped() implements Ending {}
  }

  /** One upload being followed. */
  public interface Following {

    /** Completes once, with how following ended. */
    CompletableFuture<Ending> ending();

    /** Stops following and closes the connection normally. */
    void stop();
  }

  private final HttpClient http;
  private final Settings settings;
  private final ScheduledExecutorService timer;

  public UploadFollower(HttpClient http, Settings settings, ScheduledExecutorService timer) {
    this.http = http;
    this.settings = settings;
    this.timer = timer;
  }

  /** A follower whose delays and heartbeats run on a timer thread shared by all followers of the process. */
  public UploadFollower(HttpClient http, Settings settings) {
    this(http, settings, SHARED_TIMER);
  }

  /** A follower on its own {@link HttpClient} and the shared timer. */
  public UploadFollower(Settings settings) {
    this(HttpClient.newHttpClient(), settings);
  }

  /**
   * Starts following.
   *
   * @param channels the upload's WebSocket URI on each gateway ({@code ws://host:port/ws/processing/{id}/}), tried in
   *     turn, one further on each reconnect
   */
  public Following follow(List<URI> channels, String token, Listener listener) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("no WebSocket URI to follow the upload on");
    }
    Follow follow = new Follow(List.copyOf(channels), token, listener);
    follow.connect();
    return follow;
  }

  /** {@code message: details} of an {@code error} message. */
  public static String reason(ServerMessage.Error error) {
    String message = error.message() == null ? "" : error.message();
    String details = error.details() == null ? "" : error.details();
    if (details.isEmpty()) {
      return message.isEmpty() ? "no reason given" : message;
    }
    return message.isEmpty() ? details : message + ": " + details;
  }

  /** One follow: its connections one after another, the resume point and the backoff across them. */
  private final class Follow implements Following {

    private final List<URI> channels;
    private final String token;
    private final Listener listener;
    private final ResumePoint resume = new ResumePoint();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    /** Failed attempts since the last healthy connection; guarded by this. */
    private int attempt;
    /** Which of {@link #channels} the next connect uses; guarded by this. */
    private int channel;
    /** The connection now in use; guarded by this. */
    private Session current;

    Follow(List<URI> channels, String token, Listener listener) {
      this.channels = channels;
      this.token = token;
      this.listener = listener;
    }

    @Override
    public CompletableFuture<Ending> ending() {
      return ending;
    }

    @Override
    public void stop() {
      finish(new Ending.Stopped());
    }

    void connect() {
      Session session;
      URI uri;
      synchronized (this) {
        if (ending.isDone()) {
          return;
        }
        URI base = channels.get(channel % channels.size());
        long from = resume.resumeFrom();
        uri = from > 0 ? URI.create(base + "?lastSeq=" + from) : base;
        session = new Session();
        current = session;
      }
      ProtocolConnection.open(http, uri, Map.of(), settings.connectTimeout(), false, session)
          .whenComplete((connection, error) -> {
            if (error != null) {
              dropped(session, "cannot connect to " + uri + ": " + ProtocolConnection.describe(error), false);
            }
          });
    }

    /** A connection ended without an outcome: reconnect after the backoff delay, or give up. */
    void dropped(Session session, String reason, boolean later) {
      Duration delay;
      int number;
      synchronized (this) {
        session.stopHeartbeat();
        if (ending.isDone() || session != current) {
          return;
        }
        if (session.wasHealthy()) {
          attempt = 0;
        }
        if (attempt >= settings.maxAttempts()) {
          ending.complete(new Ending.GaveUp(attempt, reason));
          return;
        }
        // A policy close would repeat at once: only the longest delay gives it a chance to clear.
        delay = later
            ? settings.maxDelay()
            : Backoff.delay(attempt, settings.initialDelay(), settings.maxDelay(), settings.factor(),
                ThreadLocalRandom.current()::nextDouble);
        number = ++attempt;
        channel++;
      }
      listener.reconnecting(number, delay, reason);
      timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends following and closes the connection in use normally (dropping it if the close cannot leave). */
    void finish(Ending end) {
      Session session;
      synchronized (this) {
        if (!ending.complete(end)) {
          return;
        }
        session = current;
      }
      if (session != null) {
        session.closeNormally();
      }
    }

    /** One connection of the follow. */
    private final class Session implements ProtocolConnection.Handler {

      private volatile ProtocolConnection connection;
      private volatile long openedAtNanos;
      private volatile long lastReceivedNanos;
      /** The reason an {@code error} without {@code seq} stated, before the close that follows it. */
      private volatile String refusal;
      private volatile ScheduledFuture<?> heartbeat;

      @Override
      public void opened(ProtocolConnection opened) {
        connection = opened;
        openedAtNanos = System.nanoTime();
        lastReceivedNanos = openedAtNanos;
        opened.send(WebSocketJson.write(new ClientMessage.Authenticate(token)));
        long every = settings.pingInterval().toMillis();
        if (every > 0) {
          heartbeat = timer.scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
        }
        if (ending.isDone()) {
          closeNormally();
        }
      }

      @Override
      public void text(String text) {
        lastReceivedNanos = System.nanoTime();
        ServerMessage message;
        try {
          message = WebSocketJson.read(text);
        } catch (JacksonException e) {
          listener.unreadable(text, e.getOriginalMessage());
          return;
        }
        if (message instanceof ServerMessage.Pong) {
          return;
        }
        if (message instanceof ServerMessage.Error error && error.seq() == null) {
          refusal = reason(error);
          return;
        }
        if (!resume.accept(message)) {
          listener.repeated(message);
          return;
        }
        listener.message(message);
        if (message instanceof ServerMessage.Complete complete) {
          finish(new Ending.Completed(complete));
        } else if (message instanceof ServerMessage.Error error) {
          finish(new Ending.Failed(error));
        }
      }

      @Override
      public void closed(int code, String reason) {
        String stated = refusal != null ? refusal : reason.isEmpty() ? "close code " + code : reason;
        CloseCode.Action action = CloseCode.actionFor(code);
        if (action == CloseCode.Action.STOP) {
          stopHeartbeat();
          finish(new Ending.Refused(code, stated));
        } else if (action == CloseCode.Action.RECONNECT_LATER) {
          dropped(this, "closed by the gateway's policy (" + code + "): " + stated, true);
        } else {
          dropped(this, code == ProtocolConnection.NO_CLOSE_FRAME
              ? "connection lost: " + stated
              : "closed with " + code + (reason.isEmpty() ? "" : " " + reason), false);
        }
      }

      boolean wasHealthy() {
        long opened = openedAtNanos;
        return opened != 0 && System.nanoTime() - opened >= settings.healthyAfter().toNanos();
      }

      void stopHeartbeat() {
        ScheduledFuture<?> task = heartbeat;
        if (task != null) {
          task.cancel(false);
        }
      }

      void closeNormally() {
        stopHeartbeat();
        ProtocolConnection open = connection;
        if (open == null) {
          return;
        }
        // Give the close frame a moment to leave, so the gateway sees a clean close rather than a reset.
        open.close(1000, "done").orTimeout(2, TimeUnit.SECONDS).whenComplete((ignored, error) -> {
          if (error != null) {
            open.abort();
          }
        });
      }

      private void ping() {
        ProtocolConnection open = connection;
        if (open == null || ending.isDone()) {
          return;
        }
        long sentAt = System.nanoTime();
        open.send(WebSocketJson.write(new ClientMessage.Ping(LongNode.valueOf(System.currentTimeMillis()))));
        timer.schedule(() -> {
          if (lastReceivedNanos - sentAt < 0 && !ending.isDone()) {
            // A silent connection: its close may come late or never on a dead link, so replace it now.
            open.close(HEARTBEAT_CLOSE_CODE, "pong timeout");
            dropped(this, "no answer to a ping within " + settings.pongTimeout().toSeconds() + " s", false);
            open.abort();
          }
        }, settings.pongTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }
}
