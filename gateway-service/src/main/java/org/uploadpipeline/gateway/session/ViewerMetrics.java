package org.uploadpipeline.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewer-side meters. No per-upload or per-user label anywhere: the only tag, {@code reason} on dropped sessions,
 * has a handful of fixed values.
 */
final class ViewerMetrics {

  /** Why the gateway ended a session; the {@code reason} tag of {@code gateway.ws.sessions.dropped}. */
  enum DropReason {
    SLOW("slow"),
    PONG_TIMEOUT("pong_timeout"),
    FLOOD("flood"),
    OVERSIZE("oversize"),
    TOO_MANY_SESSIONS("too_many_sessions"),
    TOKEN_EXPIRED("token_expired"),
    BINARY("binary");

    final String tag;

    DropReason(String tag) {
      this.tag = tag;
    }
  }

  private final AtomicInteger active = new AtomicInteger();
  private final Counter sent;
  private final Counter conflated;
  private final Timer latency;
  private final Map<DropReason, Counter> dropped = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  ViewerMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("gateway.ws.sessions.active", active, AtomicInteger::get)
        .description("Authenticated viewer sessions watching an upload")
        .register(registry);
    sent =
        Counter.builder("gateway.ws.messages.sent")
            .description("Messages written to viewer sockets")
            .register(registry);
    conflated =
        Counter.builder("gateway.ws.messages.conflated")
            .description("Progress states replaced by a newer one before a slow viewer was sent them")
            .register(registry);
    latency =
        Timer.builder("gateway.ws.event.latency")
            .description("From a snapshot reaching the gateway's store to its message being written to a viewer")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    for (DropReason reason : DropReason.values()) {
      dropped.put(
          reason,
          Counter.builder("gateway.ws.sessions.dropped")
              .description("Viewer sessions the gateway closed for misbehaviour or slowness")
              .tag("reason", reason.tag)
              .register(registry));
    }
  }

  void sessionStarted() {
    active.incrementAndGet();
  }

  void sessionEnded() {
    active.decrementAndGet();
  }

  int activeSessions() {
    return active.get();
  }

  void sent() {
    sent.increment();
  }

  void conflated() {
    conflated.increment();
  }

  void delivered(long receivedNanos) {
    latency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
  }

  void dropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  MeterRegistry registry() {
    return registry;
  }
}
