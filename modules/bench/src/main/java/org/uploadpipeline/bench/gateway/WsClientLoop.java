package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal WebSocket client on one NIO selector thread, for thousands of connections per process: a browser-like
 * handshake (a browser's headers, {@code permessage-deflate} offered), text frames in, pongs out. Not a general
 * client: server frames are assumed unmasked and uncompressed (the gateway refuses compression).
 */
final class WsClientLoop implements Runnable, AutoCloseable {

  /** What a connection reports. Called on the loop thread: return quickly. */
  interface Listener {
    void onOpen(Connection connection);

    void onText(Connection connection, String text);

    void onClose(Connection connection, int code, String reason);

    /** The handshake failed: the HTTP status line, or the exception. */
    void onFailure(Connection connection, String why);
  }

  /** One client connection. */
  static final class Connection {
    final Listener listener;
    final Object tag;
    private final SocketChannel channel;
    private final byte[] handshake;
    private ByteBuffer in = ByteBuffer.allocate(1024);
    private final Queue<ByteBuffer> out = new ArrayDeque<>(2);
    private boolean open;
    private boolean closed;
    private java.io.ByteArrayOutputStream fragments;

    private Connection(SocketChannel channel, byte[] handshake, Listener listener, Object tag) {
      this.channel = channel;
      this.handshake = handshake;
      this.listener = listener;
      this.tag = tag;
    }

    boolean isOpen() {
      return open && !closed;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private final Thread thread;

  WsClientLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens a connection to {@code target}, with a handshake for {@code host} and {@code pathAndQuery}. */
  void connect(InetSocketAddress target, String host, String pathAndQuery, Listener listener, Object tag) {
    tasks.add(
        () -> {
          Connection connection = null;
          try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(channel, handshake(host, pathAndQuery), listener, tag);
            channel.connect(target);
            channel.register(selector, SelectionKey.OP_CONNECT, connection);
          } catch (IOException e) {
            if (connection != null) {
              fail(connection, e.toString());
            } else {
              listener.onFailure(null, e.toString());
            }
          }
        });
    selector.wakeup();
  }

  /** Sends one text frame (a client message such as {@code authenticate}) once the connection is open. */
  void sendText(Connection connection, String text) {
    tasks.add(
        () -> {
          SelectionKey key = connection.channel.keyFor(selector);
          if (key != null && connection.isOpen()) {
            send(connection, key, 0x1, text.getBytes(StandardCharsets.UTF_8));
          }
        });
    selector.wakeup();
  }

  /** Closes a connection without a close handshake (a vanished client). */
  void abort(Connection connection) {
    tasks.add(() -> closeChannel(connection));
    selector.wakeup();
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select(50);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Connection connection = (Connection) key.attachment();
          try {
            if (!key.isValid()) {
              continue;
            }
            if (key.isConnectable()) {
              connection.channel.finishConnect();
              connection.out.add(ByteBuffer.wrap(connection.handshake));
              key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable()) {
              flush(connection, key);
            }
            if (key.isValid() && key.isReadable()) {
              read(connection, key);
            }
          } catch (IOException | RuntimeException e) {
            fail(connection, e.toString());
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    // A harness runs several phases in one process: sockets left open would count against the next phase's limits.
    for (SelectionKey key : selector.keys()) {
      closeChannel((Connection) key.attachment());
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void flush(Connection connection, SelectionKey key) throws IOException {
    while (!connection.out.isEmpty()) {
      ByteBuffer head = connection.out.peek();
      connection.channel.write(head);
      if (head.hasRemaining()) {
        return;
      }
      connection.out.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void read(Connection connection, SelectionKey key) throws IOException {
    int read = connection.channel.read(connection.in);
    if (read < 0) {
      if (connection.open) {
        finish(connection, 1006, "connection lost");
      } else {
        fail(connection, "connection closed during handshake");
      }
      return;
    }
    connection.in.flip();
    if (!connection.open && !readHandshake(connection)) {
      connection.in.compact();
      grow(connection);
      return;
    }
    readFrames(connection, key);
    connection.in.compact();
    grow(connection);
  }

  private static void grow(Connection connection) {
    if (!connection.in.hasRemaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(connection.in.capacity() * 2);
      connection.in.flip();
      bigger.put(connection.in);
      connection.in = bigger;
    }
  }

  private boolean readHandshake(Connection connection) {
    ByteBuffer in = connection.in;
    for (int i = in.position(); i + 3 < in.limit(); i++) {
      if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
        byte[] head = new byte[i - in.position()];
        in.get(head);
        in.position(i + 4);
        String response = new String(head, StandardCharsets.ISO_8859_1);
        String status = response.lines().findFirst().orElse("");
        if (!status.contains(" 101 ")) {
          fail(connection, status);
          return false;
        }
        if (response.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate")) {
          fail(connection, "server accepted permessage-deflate");
          return false;
        }
        connection.open = true;
        connection.listener.onOpen(connection);
        return true;
      }
    }
    return false;
  }

  private void readFrames(Connection connection, SelectionKey key) {
    ByteBuffer in = connection.in;
    while (!connection.closed && in.remaining() >= 2) {
      int start = in.position();
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0xff;
      int header = 2;
      long length = b1 & 0x7f;
      if (length == 126) {
        if (in.remaining() < 4) {
          return;
        }
        length = in.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (length == 127) {
        if (in.remaining() < 10) {
          return;
        }
        length = in.getLong(start + 2);
        header = 10;
      }
      if (in.remaining() < header + length) {
        return;
      }
      byte[] payload = new byte[(int) length];
      in.position(start + header);
      in.get(payload);
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      switch (opcode) {
        case 0x1, 0x0 -> text(connection, payload, fin, opcode == 0x1);
        case 0x9 -> send(connection, key, 0xA, payload);
        case 0x8 -> {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          String reason =
              payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
          send(connection, key, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
          finish(connection, code, reason);
        }
        default -> { }
      }
    }
  }

  private static void text(Connection connection, byte[] payload, boolean fin, boolean first) {
    if (first && fin) {
      connection.listener.onText(connection, new String(payload, StandardCharsets.UTF_8));
      return;
    }
    if (first) {
      connection.fragments = new java.io.ByteArrayOutputStream();
    }
    connection.fragments.writeBytes(payload);
    if (fin) {
      String text = connection.fragments.toString(StandardCharsets.UTF_8);
      connection.fragments = null;
      connection.listener.onText(connection, text);
    }
  }

  /** A masked client frame. */
  private void send(Connection connection, SelectionKey key, int opcode, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
    frame.put((byte) (0x80 | opcode));
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else {
      frame.put((byte) (0x80 | 126));
      frame.putShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    frame.flip();
    connection.out.add(frame);
    if (key.isValid()) {
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
  }

  private void finish(Connection connection, int code, String reason) {
    if (connection.closed) {
      return;
    }
    try {
      // Flush the close reply, then drop the socket.
      while (!connection.out.isEmpty()) {
        connection.channel.write(connection.out.poll());
      }
    } catch (IOException e) {
      // the server is gone already
    }
    closeChannel(connection);
    connection.listener.onClose(connection, code, reason);
  }

  private void fail(Connection connection, String why) {
    if (connection.closed) {
      return;
    }
    closeChannel(connection);
    connection.listener.onFailure(connection, why);
  }

  private static void closeChannel(Connection connection) {
    connection.closed = true;
    try {
      connection.channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static byte[] handshake(String host, String pathAndQuery) {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    String request =
        "GET " + pathAndQuery + " HTTP/1.1\r\n"
            + "Host: " + host + "\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: " + USER_AGENT + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: http://" + host + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-GB,en;q=0.9,es;q=0.8\r\n"
            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n";
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Stops the loop and closes every connection it holds; returns once they are closed (at most 10 s). */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
