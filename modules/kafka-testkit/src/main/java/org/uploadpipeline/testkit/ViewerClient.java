package org.uploadpipeline.testkit;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.uploadpipeline.client.ProtocolConnection;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/**
 * A raw viewer for protocol tests: one real WebSocket connection ({@link ProtocolConnection}) that records every text
 * message and the close, and sends whatever a test asks it to, well-formed or not. Clients that follow an upload as
 * the contract asks use {@code UploadFollower} instead.
 */
public final class ViewerClient implements ProtocolConnection.Handler {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  private final List<String> raw = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private volatile String closeReason;
  private ProtocolConnection connection;

  private ViewerClient() {}

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
    ViewerClient client = new ViewerClient();
    client.connection = ProtocolConnection.open(HTTP, uri, headers, Duration.ofSeconds(5), paused, client).join();
    return client;
  }

  public void send(String json) {
    connection.send(json).join();
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

  /** Waits for the server to close the connection and returns the close code (-1: failed without a close frame). */
  public int awaitClose(Duration timeout) {
    await().atMost(timeout).until(closeCode::isDone);
    return closeCode.join();
  }

  /** Starts reading a paused viewer. */
  public void resume() {
    connection.request();
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
      connection.abort();
    }
  }

  @Override
  public void text(String message) {
    raw.add(message);
    messages.add(ProtocolJson.mapper().readTree(message));
  }

  @Override
  public void closed(int code, String reason) {
    closeReason = reason;
    closeCode.complete(code == ProtocolConnection.NO_CLOSE_FRAME ? -1 : code);
  }
}
