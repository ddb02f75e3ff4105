package org.uploadpipeline.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.uploadpipeline.gateway.GatewayProperties;

/**
 * What a connection without a valid token may take before it authenticates: a place among a small number of such
 * connections, in all and per client address, and handshakes at a bounded rate per address. A script with no token
 * can then hold neither the sessions nor the threads of the gateway, while a viewer whose handshake carries a valid
 * token is not subject to any of it (its user's session limit applies). The place is given back when the connection
 * authenticates or closes, whichever comes first.
 *
 * <p>Thread-safe: handshakes come from container threads, releases from container and timer threads.
 */
final class PreAuthLimits {

  /** A place held by a connection that has not authenticated yet. */
  final class Slot {

    private final String address;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Slot(String address) {
      this.address = address;
    }

    /** Gives the place back; only the first call counts. */
    void release() {
      if (held.compareAndSet(true, false)) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
      }
    }
  }

  /** What became of a handshake without a valid token: a place, or why not. */
  record Admission(Slot slot, String refusal, String reason) {

    boolean admitted() {
      return slot != null;
    }
  }

  private final GatewayProperties.PreAuth limits;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  /** Handshake rate per address, for addresses seen lately: bounded, an idle address is forgotten. */
  private final Cache<String, TokenBucket> handshakes =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(1)).build();

  PreAuthLimits(GatewayProperties.PreAuth limits) {
    this.limits = limits;
  }

  /** A place for a connection from {@code address} whose handshake carried no valid token. */
  Admission admit(String address, long nowNanos) {
    TokenBucket rate = handshakes.get(address, key ->
        new TokenBucket(limits.handshakesPerSecondPerAddress(), limits.handshakeBurstPerAddress(), nowNanos));
    if (!rate.tryAcquire(nowNanos)) {
      return refused("handshake_rate", "more than " + limits.handshakesPerSecondPerAddress()
          + " handshakes a second without a valid token from this address (gateway.pre-auth."
          + "handshakes-per-second-per-address): authenticate in the handshake, or slow down");
    }
    if (total.incrementAndGet() > limits.maxSessions()) {
      total.decrementAndGet();
      return refused("unauthenticated_full", "this gateway instance holds its maximum of " + limits.maxSessions()
          + " connections that have not authenticated yet (gateway.pre-auth.max-sessions): authenticate in the "
          + "handshake, or try again later");
    }
    boolean[] room = {true};
    perAddress.compute(address, (key, count) -> {
      AtomicInteger counted = count == null ? new AtomicInteger() : count;
      if (counted.get() >= limits.maxSessionsPerAddress()) {
        room[0] = false;
      } else {
        counted.incrementAndGet();
      }
      return counted.get() == 0 ? null : counted;
    });
    if (!room[0]) {
      total.decrementAndGet();
      return refused("unauthenticated_per_address", "this address already holds " + limits.maxSessionsPerAddress()
          + " connections that have not authenticated yet (gateway.pre-auth.max-sessions-per-address)");
    }
    return new Admission(new Slot(address), null, null);
  }

  /** Connections holding a place now, for tests and metrics. */
  int held() {
    return total.get();
  }

  private static Admission refused(String refusal, String reason) {
    return new Admission(null, refusal, reason);
  }
}
