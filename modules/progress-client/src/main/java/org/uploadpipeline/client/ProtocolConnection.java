package org.uploadpipeline.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection of the progress channel over the JDK's {@link HttpClient}: reassembles fragmented text
 * frames, sends one frame at a time (as {@link WebSocket} requires), and reports the end exactly once, whether it came
 * as a close frame or as a failure. It knows nothing of the protocol's policy; {@link UploadFollower} adds that, and
 * tests use it directly to speak the protocol badly on purpose.
 */
public final class ProtocolConnection implements WebSocket.Listener {

  /** What a connection reports; called on the client's listener thread, one call at a time. */
  public interface Handler {

    /** The handshake succeeded; nothing was read yet, so a first message sent here precedes every reply. */
    default void opened(ProtocolConnection connection) {}

    /** One complete text message. */
    void text(String message);

    /**
     * The connection ended: {@code code} from the server's close frame, or {@link #NO_CLOSE_FRAME} when it failed
     * without one ({@code reason} then describes the failure).
     */
    void closed(int code, String reason);
  }

  /** The code reported when the connection failed without a close frame (1006 is never sent on the wire). */
  public static final int NO_CLOSE_FRAME = 1006;

  private final Handler handler;
  private final boolean paused;
  private final StringBuilder partial = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
  private CompletableFuture<WebSocket> sending;

  private ProtocolConnection(Handler handler, boolean paused) {
    this.handler = handler;
    this.paused = paused;
  }

  /**
   * Opens a connection; the future fails when the handshake does.
   *
   * @param paused read nothing (not even the close) until {@link #request()}, as a stalled browser tab
   */
  public static CompletableFuture<ProtocolConnection> open(
      HttpClient http, URI uri, Map<String, String> headers, Duration connectTimeout, boolean paused,
      Handler handler) {
    ProtocolConnection connection = new ProtocolConnection(handler, paused);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
    headers.forEach(builder::header);
    return builder.buildAsync(uri, connection).thenApply(socket -> connection);
  }

  /** Sends one text message after those sent before; the future completes when it left. */
  public synchronized CompletableFuture<Void> send(String text) {
    sending = sending.thenCompose(socket -> socket.sendText(text, true));
    return sending.thenApply(socket -> null);
  }

  /** Sends a close frame after the messages sent before. */
  public synchronized CompletableFuture<Void> close(int code, String reason) {
    sending = sending.thenCompose(socket -> socket.sendClose(code, reason));
    return sending.thenApply(socket -> null);
  }

  /** Drops the connection at once, without a close frame. */
  public void abort() {
    opened.join().abort();
  }

  /** Reads one more message (of a paused connection). */
  public void request() {
    opened.join().request(1);
  }

  @Override
  public void onOpen(WebSocket socket) {
    synchronized (this) {
      sending = CompletableFuture.completedFuture(socket);
    }
    opened.complete(socket);
    handler.opened(this);
    if (!paused) {
      socket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      handler.text(message);
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
    end(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    end(NO_CLOSE_FRAME, describe(error));
  }

  private void end(int code, String reason) {
    if (ended.compareAndSet(false, true)) {
      handler.closed(code, reason);
    }
  }

  /** The message of the failure itself, not of the future wrapping it. */
  public static String describe(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
