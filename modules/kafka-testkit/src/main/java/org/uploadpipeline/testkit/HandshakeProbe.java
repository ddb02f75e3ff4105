package org.uploadpipeline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket handshake written by hand over a plain socket, to see what a server answers as it answered it: the
 * status, and the body of a refusal (which WebSocket clients, the JDK's among them, do not show). The connection is
 * closed right after, upgraded or not.
 *
 * @param status the HTTP status of the answer (101 when upgraded)
 * @param body the answer's body; empty for 101
 */
public record HandshakeProbe(int status, String body) {

  private static final int TIMEOUT_MILLIS = 10_000;

  /** Sends {@code GET} of {@code uri}'s path and query (a {@code ws://} URI) with the upgrade headers and these. */
  public static HandshakeProbe send(URI uri, Map<String, String> headers) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      StringBuilder request = new StringBuilder()
          .append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
          .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
          .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
          .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      int length = 0;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).trim());
        }
      }
      return new HandshakeProbe(status, status == 101 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("handshake with " + uri + " failed", e);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
