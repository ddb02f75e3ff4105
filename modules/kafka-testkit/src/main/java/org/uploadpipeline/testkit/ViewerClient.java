package org.uploadpipeline.testkit;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/** A real WebSocket client (JDK {@code java.net.http}) that records every text message and the close code. */
public final class ViewerClient implements WebSocket.Listener {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  private final List<String> raw = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final boolean paused;
  private volatile String closeReason;
  private WebSocket socket;

  private ViewerClient(boolean paused) {
    this.paused = paused;
  }

  public static ViewerClient connect(URI uri) {
    return connect(uri, Map.of());
  }

  public static ViewerClient connect(URI uri, Map<String, String> headers) {
    return connect(uri, headers, false);
  }

  /**
   * A viewer that reads nothing (not even the close) until {@link #resume()}: the server's writes pile up in the
   * socket buffers, as with a stalled browser tab.
   */
  public static ViewerClient connectPaused(URI uri) {
    return connect(uri, Map.of(), true);
  }

  private static ViewerClient connect(URI uri, Map<String, String> headers, boolean paused) {
    ViewerClient client = new ViewerClient(paused);
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    client.socket = builder.buildAsync(uri, client).join();
    return client;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  /** Every message so far, parsed. */
  public List<JsonNode> messages() {
    return List.copyOf(messages);
  }

  /** Every message so far, as received. */
  public List<String> rawMessages() {
    return List.copyOf(raw);
  }

  /** Waits until at least {@code count} messages arrived and returns them all. */
  public List<JsonNode> awaitMessages(int count) {
    await().atMost(Duration.ofSeconds(15)).until(() -> messages.size() >= count);
    return messages();
  }

  /** Waits until a message of the given type arrived and returns all messages. */
  public List<JsonNode> awaitMessageOfType(String type) {
    return awaitMessageOfType(type, Duration.ofSeconds(15));
  }

  /** Waits up to {@code timeout} until a message of the given type arrived and returns all messages. */
  public List<JsonNode> awaitMessageOfType(String type, Duration timeout) {
    await().atMost(timeout).until(() -> types().contains(type));
    return messages();
  }

  /** The {@code type} of every message so far, in arrival order. */
  public List<String> types() {
    return messages.stream().map(m -> m.path("type").asString()).toList();
  }

  /** Waits for the server to close the connection and returns the close code. */
  public int awaitClose(Duration timeout) {
    await().atMost(timeout).until(closeCode::isDone);
    return closeCode.join();
  }

  /** Starts reading a paused viewer. */
  public void resume() {
    socket.request(1);
  }

  /** The reason phrase of the server's close frame, once closed. */
  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  public void close() {
    if (!closeCode.isDone()) {
      socket.abort();
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (!paused) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (partial) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        raw.add(text);
        messages.add(ProtocolJson.mapper().readTree(text));
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.complete(-1);
  }
}
