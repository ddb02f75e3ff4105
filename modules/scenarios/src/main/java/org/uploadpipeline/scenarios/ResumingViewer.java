package org.uploadpipeline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * A viewer as the contract asks a client to behave (the protocol's Java client, {@link UploadFollower}): when the
 * connection drops (a gateway killed, or draining with 1012) it reconnects, to the next gateway of its list, with
 * {@code ?lastSeq=N}, until it has seen {@code complete}. It counts what a viewer must never see: a state message
 * twice (a seq not above the last one), a status going backwards, or another upload's message.
 */
final class ResumingViewer {

  /** Quicker than a browser's defaults, and patient: a killed gateway's viewers all move to the others at once. */
  private static final UploadFollower.Settings SETTINGS =
      UploadFollower.Settings.DEFAULTS.withDelays(Duration.ofMillis(200), Duration.ofMillis(3_200))
          .withMaxAttempts(50);

  private final UploadFollower follower;
  private final List<URI> channels;
  private final String uploadId;
  private final String token;
  private final CompletableFuture<ServerMessage.Complete> completed = new CompletableFuture<>();
  private final AtomicInteger connects = new AtomicInteger(1);
  private final AtomicInteger repeated = new AtomicInteger();
  private final AtomicInteger backwards = new AtomicInteger();
  private final AtomicInteger foreign = new AtomicInteger();
  private volatile UploadStatus lastStatus;

  /**
   * @param gateways each gateway's {@code ws://host:port}
   * @param firstGateway which of them to connect to first; each reconnect goes to the next
   */
  ResumingViewer(HttpClient http, ScheduledExecutorService timer, List<URI> gateways, String uploadId, String token,
      int firstGateway) {
    this.follower = new UploadFollower(http, SETTINGS, timer);
    this.uploadId = uploadId;
    this.token = token;
    List<URI> ordered = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      URI base = gateways.get((firstGateway + i) % gateways.size());
      ordered.add(base.resolve("/ws/processing/" + uploadId + "/"));
    }
    this.channels = List.copyOf(ordered);
  }

  void start() {
    follower.follow(channels, token, new UploadFollower.Listener() {
      @Override
      public void message(ServerMessage message) {
        record(message);
      }

      @Override
      public void repeated(ServerMessage message) {
        repeated.incrementAndGet();
      }

      @Override
      public void reconnecting(int attempt, Duration delay, String reason) {
        connects.incrementAndGet();
      }
    }).ending().whenComplete((ending, error) -> {
      if (ending instanceof UploadFollower.Ending.Completed done) {
        completed.complete(done.message());
      } else {
        completed.completeExceptionally(new IllegalStateException(uploadId + ": following ended with "
            + (error != null ? error : ending)));
      }
    });
  }

  /**
   * Waits until every viewer has seen {@code complete}, then checks what none may have seen: a state twice, a status
   * going back, a message of another upload.
   *
   * @throws AssertionError naming the first broken rule
   */
  static void awaitAllCompleted(List<ResumingViewer> viewers, Duration timeout) throws Exception {
    CompletableFuture.allOf(viewers.stream().map(ResumingViewer::completed).toArray(CompletableFuture[]::new))
        .get(timeout.toSeconds(), TimeUnit.SECONDS);
    for (ResumingViewer viewer : viewers) {
      ScenarioContext.check(viewer.repeated.get() == 0, "a viewer of " + viewer.uploadId + " saw a state twice");
      ScenarioContext.check(viewer.backwards.get() == 0, "a viewer of " + viewer.uploadId
          + " saw its status go back");
      ScenarioContext.check(viewer.foreign.get() == 0, "a viewer of " + viewer.uploadId
          + " got another upload's message");
    }
  }

  /** The {@code complete} message, once seen. */
  CompletableFuture<ServerMessage.Complete> completed() {
    return completed;
  }

  /** Connection attempts, the first included. */
  int connects() {
    return connects.get();
  }

  private void record(ServerMessage message) {
    if (!uploadId.equals(message.uploadId())) {
      foreign.incrementAndGet();
    }
    if (message instanceof ServerMessage.Status status) {
      UploadStatus previous = lastStatus;
      if (previous != null && status.status().compareTo(previous) < 0) {
        backwards.incrementAndGet();
      }
      if (previous == null || status.status().compareTo(previous) > 0) {
        lastStatus = status.status();
      }
    }
  }
}
