package org.uploadpipeline.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Numbers and durations as the views print them. */
final class Formats {

  private Formats() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String rows(ProgressState state) {
    return state.totalRows() == null
        ? count(state.rowsProcessed())
        : count(state.rowsProcessed()) + "/" + count(state.totalRows());
  }

  static String rate(OptionalDouble rowsPerSecond) {
    return rowsPerSecond.isPresent() ? count(Math.round(rowsPerSecond.getAsDouble())) : "-";
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour; {@code -:--} when unknown. */
  static String eta(Optional<Duration> eta) {
    if (eta.isEmpty()) {
      return "-:--";
    }
    long seconds = (eta.get().toMillis() + 999) / 1000;
    long hours = seconds / 3600;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  static String percent(double percent) {
    return String.format(Locale.ROOT, "%5.1f%%", percent);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
