package org.uploadpipeline.bench.gateway;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds and how the suite prints them. */
final class Percentiles {

  /** Percentiles from fewer samples than this are flagged: a p99 of 300 samples is the third-largest value. */
  static final long MIN_SAMPLES = 1_000;

  private Percentiles() {}

  /** A histogram of microseconds up to an hour, 3 significant digits. */
  static Histogram micros() {
    return new Histogram(3_600_000_000L, 3);
  }

  static void record(Histogram histogram, long nanos) {
    histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(0, nanos / 1000)));
  }

  /** {@code n=… p50=… p90=… p99=… max=… µs}, with a warning when n is too small for a p99. */
  static String micros(Histogram h) {
    return String.format(Locale.ROOT, "n=%d%s p50=%d p90=%d p99=%d max=%d µs", h.getTotalCount(), flag(h),
        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
  }

  /** {@code p50 … / p99 … ms (n=…)}. */
  static String millis(Histogram h) {
    return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f ms (n=%d%s)", ms(h, 50), ms(h, 99), h.getTotalCount(),
        flag(h));
  }

  static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static String flag(Histogram h) {
    return h.getTotalCount() < MIN_SAMPLES ? " (<" + MIN_SAMPLES + " samples)" : "";
  }
}
