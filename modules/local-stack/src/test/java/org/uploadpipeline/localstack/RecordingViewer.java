package org.uploadpipeline.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/** A real WebSocket client (the JDK's) that records every message and the close code. */
final class RecordingViewer implements WebSocket.Listener {

  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();

  static RecordingViewer connect(String url) {
    RecordingViewer viewer = new RecordingViewer();
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(url), viewer)
        .join();
    return viewer;
  }

  List<JsonNode> messages() {
    return messages;
  }

  List<String> types() {
    return messages.stream().map(m -> m.path("type").asString()).toList();
  }

  boolean hasType(String type) {
    return types().contains(type);
  }

  /** The close code once the server closed the connection, else null. */
  Integer closeCode() {
    return closeCode.getNow(null);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(ProtocolJson.mapper().readTree(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }
}
