package org.uploadpipeline.gateway.session;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A viewer connection on the servlet container's JSR 356 session: text goes out through the asynchronous remote
 * endpoint with a send timeout, so a viewer that stops reading fails its own send after the limit and never holds a
 * thread.
 */
final class TomcatViewerSocket implements ViewerSocket {

  private static final Logger log = LoggerFactory.getLogger(TomcatViewerSocket.class);
  /** Tomcat's bound on blocking writes of this session (close and ping frames); the default is 20 s. */
  private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final WebSocketSession session;
  private final RemoteEndpoint.Async remote;

  private TomcatViewerSocket(WebSocketSession session, RemoteEndpoint.Async remote) {
    this.session = session;
    this.remote = remote;
  }

  /** Wraps a Spring session backed by a JSR 356 one; fails for anything else (the gateway runs on Tomcat). */
  static TomcatViewerSocket of(WebSocketSession session, long sendTimeLimitMillis) {
    if (!(session instanceof NativeWebSocketSession nativeSession)
        || nativeSession.getNativeSession(Session.class) == null) {
      throw new IllegalStateException("viewer sessions need a JSR 356 (jakarta.websocket) container");
    }
    Session jsr = nativeSession.getNativeSession(Session.class);
    jsr.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
    RemoteEndpoint.Async remote = jsr.getAsyncRemote();
    remote.setSendTimeout(sendTimeLimitMillis);
    return new TomcatViewerSocket(session, remote);
  }

  @Override
  public String id() {
    return session.getId();
  }

  @Override
  public void sendText(String text, Consumer<Throwable> done) {
    try {
      remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    } catch (RuntimeException e) {
      done.accept(e); // closed meanwhile, or the container refused the write
    }
  }

  @Override
  public void ping() {
    try {
      if (session.isOpen()) {
        remote.sendPing(EMPTY.duplicate());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Ping to viewer session {} failed: {}", session.getId(), e.toString());
    }
  }

  @Override
  public void close(CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("Closing viewer session {} failed: {}", session.getId(), e.toString());
    }
  }
}
