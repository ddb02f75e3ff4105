package org.uploadpipeline.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Rows per second and time left, from the states seen over the last few seconds (a sliding window, so the figures
 * follow the current speed rather than the average since the start).
 */
final class ProgressMeter {

  static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration MIN_SPAN = Duration.ofMillis(200);

  private record Sample(Instant at, long rows, double percent) {}

  private final Clock clock;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private ProgressState latest = ProgressState.INITIAL;
  private Sample processingStart;

  ProgressMeter(Clock clock) {
    this.clock = clock;
  }

  void record(ProgressState state) {
    Instant now = clock.instant();
    if (!state.status().equals(latest.status()) && state.status().equals("processing")) {
      // Rows only flow while processing: the time spent validating must not dilute the rate.
      samples.clear();
      processingStart = new Sample(now, state.rowsProcessed(), state.percent());
    }
    latest = state;
    samples.addLast(new Sample(now, state.rowsProcessed(), state.percent()));
    // Keep the newest sample that is at least WINDOW old as the anchor of the window.
    while (samples.size() > 2 && !secondOldest().at().isAfter(now.minus(WINDOW))) {
      samples.removeFirst();
    }
  }

  /** Rows per second over the window, once there is a span to measure; at the end, the average of the whole run. */
  OptionalDouble rowsPerSecond() {
    if (latest.isTerminal() && processingStart != null) {
      Duration run = Duration.between(processingStart.at(), samples.getLast().at());
      return run.compareTo(MIN_SPAN) < 0
          ? OptionalDouble.empty()
          : OptionalDouble.of((latest.rowsProcessed() - processingStart.rows()) / (run.toNanos() / 1e9));
    }
    Optional<Double> seconds = span();
    if (seconds.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, samples.getLast().rows() - samples.getFirst().rows()) / seconds.get());
  }

  /** Time left: from the row rate when the total is known, otherwise from how fast the percentage moves. */
  Optional<Duration> eta() {
    if (latest.isTerminal()) {
      return Optional.of(Duration.ZERO);
    }
    Optional<Double> seconds = span();
    if (seconds.isEmpty()) {
      return Optional.empty();
    }
    double perSecond;
    double left;
    if (latest.totalRows() != null && rowsPerSecond().orElse(0) > 0) {
      perSecond = rowsPerSecond().getAsDouble();
      left = Math.max(0, latest.totalRows() - latest.rowsProcessed());
    } else {
      perSecond = (samples.getLast().percent() - samples.getFirst().percent()) / seconds.get();
      left = 100 - latest.percent();
    }
    if (perSecond <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(left / perSecond * 1000)));
  }

  private Optional<Double> span() {
    if (samples.size() < 2) {
      return Optional.empty();
    }
    Duration span = Duration.between(samples.getFirst().at(), samples.getLast().at());
    if (span.compareTo(MIN_SPAN) < 0) {
      return Optional.empty();
    }
    return Optional.of(span.toNanos() / 1e9);
  }

  private Sample secondOldest() {
    Iterator<Sample> iterator = samples.iterator();
    iterator.next();
    return iterator.next();
  }
}
