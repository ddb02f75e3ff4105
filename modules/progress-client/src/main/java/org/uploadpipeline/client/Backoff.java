package org.uploadpipeline.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter", as client-js's {@code backoffDelay}: half the capped delay plus a
 * random part of the other half, so viewers dropped together (a gateway restart) do not all return in one instant,
 * yet none waits less than half the step.
 */
public final class Backoff {

  private Backoff() {}

  /**
   * The delay before reconnect number {@code attempt + 1}.
   *
   * @param attempt 0 for the first reconnect
   * @param random a value in [0, 1)
   */
  public static Duration delay(int attempt, Duration initial, Duration max, double factor, DoubleSupplier random) {
    double exponential = initial.toMillis() * Math.pow(factor, attempt);
    double capped = Math.min(max.toMillis(), exponential);
    return Duration.ofMillis(Math.round(capped / 2 + random.getAsDouble() * (capped / 2)));
  }
}
