package org.uploadpipeline.gateway.session;

/** A token bucket: {@code burst} at once, then {@code perSecond}. Thread-safe. */
public final class TokenBucket {

  private final double perSecond;
  private final int burst;
  private double tokens;
  private long refilledAtNanos;

  public TokenBucket(double perSecond, int burst, long nowNanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAtNanos = nowNanos;
  }

  /** Takes one token; false when there is none left. */
  public synchronized boolean tryAcquire(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - refilledAtNanos) / 1e9 * perSecond);
    refilledAtNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
