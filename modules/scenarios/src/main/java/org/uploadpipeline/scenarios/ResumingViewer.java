package org.uploadpipeline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.databind.JsonNode;

/**
 * A viewer as the contract asks a client to behave: authenticates with its first message, and when the connection
 * drops (a gateway killed, or draining with 1012) reconnects, to the next gateway of its list, with
 * {@code ?lastSeq=N}, until it has seen {@code complete}. It counts what a viewer must never see: a state message
 * twice (a seq not above the last one) or a status going backwards.
 */
final class ResumingViewer implements WebSocket.Listener {

  private static final List<String> STATUS_ORDER = List.of("pending", "validating", "processing", "completed");
  private static final int MAX_CONNECTS = 200;
  private static final long INITIAL_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 3_200;

  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private final List<URI> gateways;
  private final String uploadId;
  private final String token;
  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<JsonNode> completed = new CompletableFuture<>();
  private final AtomicInteger connects = new AtomicInteger();
  /** Failed attempts since the last open connection. */
  private final AtomicInteger failures = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private volatile long lastSeq;
  private volatile int lastStatus = -1;
  private volatile int repeated;
  private volatile int backwards;
  private volatile int gateway;
  private final AtomicReference<WebSocket> current =
      new AtomicReference<>();

  ResumingViewer(HttpClient http, ScheduledExecutorService timer, List<URI> gateways, String uploadId, String token,
      int firstGateway) {
    this.http = http;
    this.timer = timer;
    this.gateways = gateways;
    this.uploadId = uploadId;
    this.token = token;
    this.gateway = firstGateway % gateways.size();
  }

  void start() {
    connect();
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
      ScenarioContext.check(viewer.repeated() == 0, "a viewer of " + viewer.uploadId + " saw a state twice");
      ScenarioContext.check(viewer.backwards() == 0, "a viewer of " + viewer.uploadId + " saw its status go back");
      ScenarioContext.check(viewer.foreignMessages() == 0, "a viewer of " + viewer.uploadId
          + " got another upload's message");
    }
  }

  /** The {@code complete} message, once seen. */
  CompletableFuture<JsonNode> completed() {
    return completed;
  }

  int connects() {
    return connects.get();
  }

  int repeated() {
    return repeated;
  }

  int backwards() {
    return backwards;
  }

  /** Messages naming another upload than the one watched: must stay 0 (one tenant's data never reaches another). */
  long foreignMessages() {
    return messages.stream().filter(m -> m.has("upload_id") && !m.get("upload_id").asString().equals(uploadId))
        .count();
  }

  private void connect() {
    if (completed.isDone() || connects.incrementAndGet() > MAX_CONNECTS) {
      completed.completeExceptionally(new IllegalStateException(uploadId + ": gave up after " + MAX_CONNECTS
          + " connects"));
      return;
    }
    URI base = gateways.get(gateway);
    URI uri = base.resolve("/ws/processing/" + uploadId + "/" + (lastSeq > 0 ? "?lastSeq=" + lastSeq : ""));
    http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, this)
        .whenComplete((socket, error) -> {
          if (error != null) {
            retry();
          }
        });
  }

  /** Capped exponential backoff with jitter, as client-js does; the next gateway of the list each time. */
  private void retry() {
    gateway = (gateway + 1) % gateways.size();
    long cap = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(failures.getAndIncrement(), 10));
    long delay = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  /** Reconnects once per lost connection, however many callbacks report its end. */
  private void lost(WebSocket socket) {
    if (current.compareAndSet(socket, null) && !completed.isDone()) {
      retry();
    }
  }

  @Override
  public void onOpen(WebSocket socket) {
    current.set(socket);
    failures.set(0);
    socket.sendText(WebSocketJson.write(new ClientMessage.Authenticate(token)), true);
    socket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonNode message = ProtocolJson.mapper().readTree(partial.toString());
      partial.setLength(0);
      record(message);
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
    lost(socket);
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    partial.setLength(0);
    lost(socket);
  }

  private void record(JsonNode message) {
    messages.add(message);
    if (message.has("seq")) {
      long seq = message.get("seq").asLong();
      // A finished snapshot arrives as status then complete, both with its seq.
      boolean sameSnapshot = seq == lastSeq && message.get("type").asString().equals("complete");
      if (seq <= lastSeq && !sameSnapshot) {
        repeated++;
      }
      lastSeq = Math.max(lastSeq, seq);
    }
    if (message.get("type").asString().equals("status")) {
      int status = STATUS_ORDER.indexOf(message.get("status").asString());
      if (status >= 0 && status < lastStatus) {
        backwards++;
      }
      lastStatus = Math.max(lastStatus, status);
    }
    if (message.get("type").asString().equals("complete")) {
      completed.complete(message);
      WebSocket socket = current.getAndSet(null);
      if (socket != null) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }
  }
}
