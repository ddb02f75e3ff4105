package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: every wait of the suite ends, and one that ends by its timeout says so on the output. */
final class Waits {

  private static final long POLL_NANOS = 10_000_000L;

  private Waits() {}

  /**
   * Waits until {@code condition} holds, at most {@code timeout}; false (and a {@code TIMEOUT} line naming
   * {@code what} and the {@code progress} at that moment) when it did not.
   */
  static boolean until(BooleanSupplier condition, Duration timeout, String what, Supplier<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        System.out.println("TIMEOUT after " + timeout.toSeconds() + " s waiting for " + what + ": " + progress.get());
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }

  /** Lets time pass (pacing, settling), not a wait for a result. */
  static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
