package org.uploadpipeline.gateway.session;

import java.nio.charset.StandardCharsets;

/**
 * Inbound limits of one session: a token bucket over client messages (a flood is policy abuse, 4008) and the size of a
 * message whose fragments arrive separately (the container hands over at most its buffer at a time).
 */
final class InboundLimiter {

  private final TokenBucket messages;
  private final long maxMessageBytes;
  private StringBuilder fragments;
  private long fragmentBytes;

  InboundLimiter(int perSecond, int burst, long maxMessageBytes, long nowNanos) {
    this.messages = new TokenBucket(perSecond, burst, nowNanos);
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Takes one message from the bucket; false when the client sends faster than allowed. Asked for every complete
   * message, and for every empty fragment too: those add nothing to a message's size, so without this a client could
   * send them without end.
   */
  boolean tryAcquire(long nowNanos) {
    return messages.tryAcquire(nowNanos);
  }

  /** The outcome of adding a fragment: the whole message once complete, nothing yet, or too large. */
  sealed interface Assembly permits Complete, Partial, TooLarge {}

  record Complete(String message) implements Assembly {}

  record Partial() implements Assembly {}

  record TooLarge() implements Assembly {}

  private static final Partial PARTIAL = new Partial();
  private static final TooLarge TOO_LARGE = new TooLarge();

  synchronized Assembly append(String payload, boolean last) {
    long bytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (fragmentBytes + bytes > maxMessageBytes) {
      fragments = null;
      fragmentBytes = 0;
      return TOO_LARGE;
    }
    if (last && fragments == null) {
      return new Complete(payload);
    }
    if (fragments == null) {
      fragments = new StringBuilder();
    }
    fragments.append(payload);
    fragmentBytes += bytes;
    if (!last) {
      return PARTIAL;
    }
    String message = fragments.toString();
    fragments = null;
    fragmentBytes = 0;
    return new Complete(message);
  }
}
