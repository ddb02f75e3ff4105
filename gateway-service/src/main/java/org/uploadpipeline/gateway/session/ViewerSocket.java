package org.uploadpipeline.gateway.session;

import java.util.function.Consumer;
import org.springframework.web.socket.CloseStatus;

/** What a viewer session needs of its connection; sends are asynchronous so no caller ever waits on a socket. */
interface ViewerSocket {

  String id();

  /**
   * Starts sending one text message; {@code done} gets null once it is written, or the failure (a
   * {@link java.net.SocketTimeoutException} when the viewer did not read within the send time limit). The caller has at
   * most one send in flight.
   */
  void sendText(String text, Consumer<Throwable> done);

  /** Sends a WebSocket ping frame; may block briefly, so it is called off the fan-out path. */
  void ping();

  /** Closes the connection with a code and reason; may block briefly, so it is called off the fan-out path. */
  void close(CloseStatus status);
}
