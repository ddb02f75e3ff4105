package org.uploadpipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the gateway that drops the first WebSocket connection after it has passed on a given number
 * of text frames, as a flaky network would; everything else passes through untouched.
 */
final class CuttingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final int framesBeforeCut;
  private final AtomicInteger webSocketConnections = new AtomicInteger();
  private final List<String> webSocketRequests = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  CuttingProxy(int targetPort, int framesBeforeCut) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.framesBeforeCut = framesBeforeCut;
    Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The request lines of the WebSocket handshakes seen, in order. */
  List<String> webSocketRequests() {
    return webSocketRequests;
  }

  /** The first line of every connection's first request, for failure messages. */
  List<String> requests() {
    return requests;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(upstream);
        CompletableFuture<Boolean> cutThisOne = new CompletableFuture<>();
        daemon(() -> clientToServer(client, upstream, cutThisOne));
        daemon(() -> serverToClient(upstream, client, cutThisOne));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void clientToServer(Socket client, Socket upstream, CompletableFuture<Boolean> cutThisOne) {
    try (InputStream in = client.getInputStream()) {
      OutputStream out = upstream.getOutputStream();
      byte[] buffer = new byte[8192];
      int n = in.read(buffer);
      if (n < 0) {
        cutThisOne.complete(false);
        return;
      }
      String head = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
      String requestLine = head.contains("\r\n") ? head.substring(0, head.indexOf("\r\n")) : head;
      requests.add(requestLine);
      boolean webSocket = requestLine.startsWith("GET /ws/");
      if (webSocket) {
        webSocketRequests.add(requestLine);
      }
      cutThisOne.complete(webSocket && webSocketConnections.incrementAndGet() == 1);
      out.write(buffer, 0, n);
      out.flush();
      in.transferTo(out);
    } catch (IOException e) {
      cutThisOne.complete(false);
    } finally {
      closeQuietly(upstream);
    }
  }

  private void serverToClient(Socket upstream, Socket client, CompletableFuture<Boolean> cutThisOne) {
    try (InputStream in = upstream.getInputStream()) {
      OutputStream out = client.getOutputStream();
      if (!cutThisOne.join()) {
        in.transferTo(out);
        return;
      }
      DataInputStream data = new DataInputStream(in);
      copyHttpHead(data, out);
      int textFrames = 0;
      while (textFrames < framesBeforeCut) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int first = data.readUnsignedByte();
        int second = data.readUnsignedByte();
        frame.write(first);
        frame.write(second);
        long length = second & 0x7f;
        if (length == 126) {
          int extended = data.readUnsignedShort();
          frame.write(extended >> 8);
          frame.write(extended & 0xff);
          length = extended;
        } else if (length == 127) {
          long extended = data.readLong();
          for (int shift = 56; shift >= 0; shift -= 8) {
            frame.write((int) (extended >> shift) & 0xff);
          }
          length = extended;
        }
        byte[] payload = new byte[(int) length];
        data.readFully(payload);
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
        if ((first & 0x0f) == 1) {
          textFrames++;
        }
      }
    } catch (IOException e) {
      // The other side went away: nothing more to copy.
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static void copyHttpHead(DataInputStream in, OutputStream out) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.readUnsignedByte();
      out.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    out.flush();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "cutting-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
