package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of browser-like viewer connections (token in the query, as a browser's WebSocket sends it) spread over the
 * {@link GatewayUnderTest#HOSTS} addresses and several client loops. At most {@value #HANDSHAKES_IN_FLIGHT}
 * handshakes wait at once (a viewer's first state or its failure frees its slot), as a crowd of browsers arriving
 * over a few seconds would, not a SYN flood. Failures and server closes are counted with their reasons.
 */
final class Viewers implements AutoCloseable {

  private static final int HANDSHAKES_IN_FLIGHT = 200;
  /** Under the gateway's per-user session limit ({@code max-sessions-per-user}, 20 by default). */
  private static final int VIEWERS_PER_TOKEN = 10;

  private final GatewayUnderTest gateway;
  private final String name;
  private final List<WsClientLoop> loops = new ArrayList<>();
  private final List<Viewer> viewers = new ArrayList<>();
  private final Semaphore inFlight = new Semaphore(HANDSHAKES_IN_FLIGHT);
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger complete = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger closedAfterReady = new AtomicInteger();
  private final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
  private final WsClientLoop.Listener listener = new Listener();

  Viewers(GatewayUnderTest gateway, String name, int loopCount) throws IOException {
    this.gateway = gateway;
    this.name = name;
    for (int i = 0; i < loopCount; i++) {
      loops.add(new WsClientLoop(name + "-loop-" + i));
    }
  }

  /**
   * Opens one viewer per entry of {@code uploadIds} (the upload it watches); returns the viewers. Stops early, with a
   * {@code TIMEOUT} line, when no handshake slot frees up for 30 s.
   */
  List<Viewer> open(List<String> uploadIds) throws InterruptedException {
    String token = null;
    for (int i = 0; i < uploadIds.size(); i++) {
      if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
        System.out.println("TIMEOUT: " + name + " handshakes stalled at " + i + " of " + uploadIds.size() + "; "
            + progress());
        break;
      }
      if (i % VIEWERS_PER_TOKEN == 0) {
        token = gateway.token(name + "-" + (i / VIEWERS_PER_TOKEN));
      }
      Viewer viewer = new Viewer(uploadIds.get(i));
      viewers.add(viewer);
      String host = GatewayUnderTest.HOSTS.get(i % GatewayUnderTest.HOSTS.size());
      loops.get(i % loops.size())
          .connect(
              new InetSocketAddress(host, gateway.port()),
              host + ":" + gateway.port(),
              "/ws/processing/" + viewer.uploadId + "/?token=" + token,
              listener,
              viewer);
    }
    return viewers;
  }

  /** Waits until every opened viewer holds a first state or has failed. */
  boolean awaitReady(Duration timeout) {
    return Waits.until(
        () -> ready.get() + failed.get() >= viewers.size(), timeout, name + " viewers' first state", this::progress);
  }

  /** Waits until every viewer that became ready got {@code complete}. */
  boolean awaitComplete(Duration timeout) {
    return Waits.until(() -> complete.get() >= ready.get(), timeout, name + " viewers' complete", this::progress);
  }

  int ready() {
    return ready.get();
  }

  int complete() {
    return complete.get();
  }

  int failed() {
    return failed.get();
  }

  /** Sessions the server closed after they had their first state (dropped as slow, restarts, ...). */
  int closedAfterReady() {
    return closedAfterReady.get();
  }

  /** {@code ready/opened, failed, closed after ready, reasons}. */
  String progress() {
    return ready.get() + "/" + viewers.size() + " ready, " + complete.get() + " complete, " + failed.get()
        + " failed, " + closedAfterReady.get() + " closed by the server after their first state"
        + (reasons.isEmpty() ? "" : "; reasons " + new TreeMap<>(reasons));
  }

  /** Closes every connection (no close handshake: the gateway sees vanished clients) and the client loops. */
  @Override
  public void close() {
    loops.forEach(WsClientLoop::close);
  }

  private void count(String reason) {
    reasons.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
  }

  private final class Listener implements WsClientLoop.Listener {
    @Override
    public void onOpen(WsClientLoop.Connection connection) {}

    @Override
    public void onText(WsClientLoop.Connection connection, String text) {
      long now = System.nanoTime();
      Viewer viewer = (Viewer) connection.tag;
      switch (WireText.type(text)) {
        case "status", "progress" -> {
          if (viewer.state(now, WireText.seq(text), WireText.stamp(text))) {
            ready.incrementAndGet();
            if (viewer.release()) {
              inFlight.release();
            }
          }
        }
        case "complete" -> {
          if (viewer.complete()) {
            complete.incrementAndGet();
          }
        }
        // Without the upload id, so that one reason of many viewers counts as one.
        case "error" -> count("error " + text.replaceAll("\"upload_id\":\"[^\"]*\",?", ""));
        default -> { } // authenticated, pong
      }
    }

    @Override
    public void onClose(WsClientLoop.Connection connection, int code, String reason) {
      Viewer viewer = (Viewer) connection.tag;
      count("close " + code);
      if (viewer.isReady()) {
        closedAfterReady.incrementAndGet();
      } else {
        lost(viewer);
      }
    }

    @Override
    public void onFailure(WsClientLoop.Connection connection, String why) {
      count(why);
      lost(connection == null ? null : (Viewer) connection.tag);
    }

    private void lost(Viewer viewer) {
      failed.incrementAndGet();
      if (viewer == null || viewer.release()) {
        inFlight.release();
      }
    }
  }
}
