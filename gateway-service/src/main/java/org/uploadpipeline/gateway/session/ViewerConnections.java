package org.uploadpipeline.gateway.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every open viewer connection, authenticated or not, each with a future that completes when it has ended: the count
 * the handshake checks against the maximum, and the graceful drain on shutdown.
 *
 * <p>Threads: container threads add and remove connections, handshakes read the count and the draining flag, the
 * lifecycle thread drains. A concurrent map and a volatile flag: no lock.
 */
final class ViewerConnections {

  private final Map<ViewerSession, CompletableFuture<Void>> open = new ConcurrentHashMap<>();
  private volatile boolean draining;

  /**
   * Tracks a connection that has just been established; false when a drain is under way, and then the viewer has
   * been told to reconnect (its handshake completed just as the drain began).
   */
  boolean add(ViewerSession viewer) {
    open.put(viewer, new CompletableFuture<>());
    if (draining) {
      tellToReconnect(viewer);
      return false;
    }
    return true;
  }

  /** The connection has ended, and everything the session held has been let go. */
  void remove(ViewerSession viewer) {
    CompletableFuture<Void> ended = open.remove(viewer);
    if (ended != null) {
      ended.complete(null);
    }
  }

  /** Open connections: the handshake refuses new ones at the configured maximum. */
  int count() {
    return open.size();
  }

  /** True while the server is shutting down: the handshake then refuses new viewers (503). */
  boolean isDraining() {
    return draining;
  }

  /** Accepts viewers again (the application context was started again after a drain). */
  void acceptViewers() {
    draining = false;
  }

  /**
   * Graceful shutdown: refuses new handshakes, sends every open session an {@code error} saying the server restarts
   * and closes it with 1012, so clients reconnect (to another instance) and resume with {@code ?lastSeq}. Waits until
   * every connection has ended, at most {@code timeout} (a viewer that does not read is bounded by the send time
   * limit).
   *
   * @return the connections still open when the wait ended (0 when all closed in time)
   */
  int drain(Duration timeout) {
    draining = true;
    open.keySet().forEach(ViewerConnections::tellToReconnect);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      long remaining = timeout.toNanos();
      // Connections added while the first ones close (handshakes that completed as the drain began) are waited for too.
      while (!open.isEmpty() && remaining > 0) {
        CompletableFuture.allOf(open.values().toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.NANOSECONDS);
        remaining = deadline - System.nanoTime();
      }
    } catch (TimeoutException e) {
      // Reported by the count below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("an end-of-connection future never fails", e);
    }
    return open.size();
  }

  private static void tellToReconnect(ViewerSession viewer) {
    viewer.closeWith(
        CloseCodes.SERVICE_RESTART,
        "Server restarting",
        "this server is restarting; reconnect (with ?lastSeq) to resume");
  }
}
