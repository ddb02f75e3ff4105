package org.uploadpipeline.gateway.session;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;

/**
 * What ends a session on time: the wait for an {@code authenticate} message or for an unknown upload to show up, the
 * token's expiry, and WebSocket ping/pong (a viewer that leaves a ping unanswered beyond the pong timeout is closed).
 * The callers decide what a wait or an expiry does; this class holds the timers and cancels them when the session
 * ends.
 *
 * <p>Threads: heartbeats come from the timer thread, pongs from container threads; timers are started by container or
 * timer threads and stopped by the thread that saw the connection end. Atomics only: no lock.
 */
final class ViewerLiveness {

  private final ViewerMailbox mailbox;
  private final ScheduledExecutorService timers;
  private final AtomicReference<Future<?>> wait = new AtomicReference<>();
  private final AtomicReference<Future<?>> expiry = new AtomicReference<>();
  /** When the ping still unanswered was sent ({@link System#nanoTime()}); 0 when none is. */
  private final AtomicLong pingSentAtNanos = new AtomicLong();
  private volatile boolean stopped;

  ViewerLiveness(ViewerMailbox mailbox, ScheduledExecutorService timers) {
    this.mailbox = mailbox;
    this.timers = timers;
  }

  /** Runs {@code check} after {@code delay} (auth timeout, unknown-upload wait); replaces (cancels) the last one. */
  void startWait(Duration delay, Runnable check) {
    start(wait, delay, check);
  }

  /** Runs {@code expire} after {@code delay}: the session lives as long as its token. */
  void startExpiry(Duration delay, Runnable expire) {
    start(expiry, delay, expire);
  }

  /** Called each ping interval: a ping frame, or the end of a viewer that did not answer the last one in time. */
  void heartbeat(long nowNanos, long pongTimeoutNanos) {
    if (!mailbox.isIdle()) {
      return; // ending, or a send in flight: that one is bounded by the send time limit already
    }
    long sentAt = pingSentAtNanos.get();
    if (sentAt == 0) {
      if (pingSentAtNanos.compareAndSet(0, nowNanos)) {
        mailbox.ping();
      }
    } else if (nowNanos - sentAt > pongTimeoutNanos) {
      mailbox.abort(CloseCodes.PONG_TIMEOUT, DropReason.PONG_TIMEOUT);
      stop();
    }
  }

  /** The client answered a ping. */
  void ponged() {
    pingSentAtNanos.set(0);
  }

  /** The session ended: cancels the timers, and any started later. */
  void stop() {
    stopped = true;
    cancel(wait.getAndSet(null));
    cancel(expiry.getAndSet(null));
  }

  private void start(AtomicReference<Future<?>> slot, Duration delay, Runnable task) {
    if (stopped) {
      return;
    }
    cancel(slot.getAndSet(timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS)));
    if (stopped) {
      cancel(slot.getAndSet(null)); // stop() ran meanwhile and may have missed this timer
    }
  }

  private static void cancel(Future<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
