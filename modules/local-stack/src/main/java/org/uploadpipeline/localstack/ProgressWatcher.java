package org.uploadpipeline.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.databind.JsonNode;

/**
 * A plain WebSocket viewer of one upload: authenticates with its first message (so the token stays out of URLs and
 * logs), prints every message the gateway sends, and ends on {@code complete}, a failure, or a close.
 */
final class ProgressWatcher implements WebSocket.Listener {

  private final PrintStream out;
  private final String token;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();

  private ProgressWatcher(PrintStream out, String token) {
    this.out = out;
    this.token = token;
  }

  /** Watches until the upload ends; returns 0 when it completed, 1 otherwise. */
  static int watch(String webSocketUrl, String token, PrintStream out) {
    ProgressWatcher watcher = new ProgressWatcher(out, token);
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(webSocketUrl), watcher)
        .exceptionally(e -> {
          out.println("cannot connect to " + webSocketUrl + ": " + e.getMessage());
          watcher.exitCode.complete(1);
          return null;
        });
    return watcher.exitCode.join();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.sendText(WebSocketJson.write(new ClientMessage.Authenticate(token)), true);
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      out.println(message);
      JsonNode json = ProtocolJson.mapper().readTree(message);
      String type = json.path("type").asString();
      if (type.equals("complete")) {
        finish(webSocket, 0);
      } else if (type.equals("error") && json.has("seq")) {
        finish(webSocket, 1);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    out.println("closed: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
    exitCode.complete(1);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    out.println("connection failed: " + error.getMessage());
    exitCode.complete(1);
  }

  private void finish(WebSocket webSocket, int code) {
    exitCode.complete(code);
    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
