package org.uploadpipeline.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log why the gateway refused a request or a viewer: the origin was not allowed, the sessions were full,
 * the token was refused and why. At most one line a second for each kind of refusal, counting the ones it did not
 * write, so a script hammering the gateway cannot flood the log. Reasons never contain a token.
 */
public final class RefusalLog {

  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final int MAX_DETAIL = 200;

  /** Per kind: when a line was last written, and how many refusals since then were not. */
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** A refusal of {@code kind} (e.g. "handshake origin"), for {@code reason}, in words. */
  public void refused(String kind, String reason) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    long last = window.lastWritten.get();
    if (now - last < INTERVAL_NANOS || !window.lastWritten.compareAndSet(last, now)) {
      window.unwritten.incrementAndGet();
      return;
    }
    long unwritten = window.unwritten.getAndSet(0);
    log.info("Refused ({}): {}{}", kind, printable(reason),
        unwritten == 0 ? "" : " (and " + unwritten + " more of this kind in the last interval)");
  }

  /** Text from a request (an origin, a path) as it may appear in a log line: one line, bounded. */
  public static String printable(String text) {
    if (text == null) {
      return "none";
    }
    String oneLine = text.replaceAll("[\\p{Cntrl}]", "?");
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
  }

  private static final class Window {
    final AtomicLong lastWritten = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    final AtomicLong unwritten = new AtomicLong();
  }
}
