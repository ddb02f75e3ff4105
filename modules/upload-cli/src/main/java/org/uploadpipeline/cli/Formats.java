package org.uploadpipeline.cli;

import java.time.Duration;
import java.util.Locale;

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

  /** The processor's pace, in whole rows per second. */
  static String rate(double rowsPerSecond) {
    return count(Math.round(rowsPerSecond));
  }

  /** The processor's estimate: {@code m:ss}, or {@code h:mm:ss} from an hour; {@code –} when unknown. */
  static String eta(Long etaSeconds) {
    if (etaSeconds == null) {
      return "–";
    }
    long seconds = Math.max(0, etaSeconds);
    long hours = seconds / 3600;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  /** {@code stalled: no progress since …}: the gateway's message, which says since when. */
  static String stall(ProgressState state) {
    String message = state.message() == null || state.message().isBlank() ? "No progress" : state.message().strip();
    // "No progress since …" reads on after "stalled: " in lower case; "CSV …" keeps its capitals.
    boolean acronym = message.length() > 1 && Character.isUpperCase(message.charAt(1));
    String text = acronym ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    return "stalled: " + text;
  }

  /** What a cancelled upload's line ends with: the processor's message ({@code Cancelled by alice}). */
  static String cancelled(ProgressState state) {
    return state.message() == null || state.message().isBlank() ? "cancelled" : state.message().strip();
  }

  static String percent(double percent) {
    return String.format(Locale.ROOT, "%5.1f%%", percent);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
