package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import org.uploadpipeline.protocol.ServerMessage;

/**
 * One line per step, for logs and pipes: every status change, a stall and its end, and progress at most once per
 * {@link #PROGRESS_EVERY} so a log stays readable at ten updates a second. Pace and estimate are the processor's.
 */
final class PlainView implements ProgressView {

  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private final PrintWriter out;
  private final Clock clock;
  private ProgressState state = ProgressState.INITIAL;
  private String uploadId;
  private Instant lastProgressLine = Instant.MIN;
  private boolean statusPrinted;

  PlainView(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  static void printAccepted(PrintWriter out, UploadRequest request, GatewayClient.Accepted accepted) {
    out.println("Mapping: " + request.describeMapping());
    if (!request.guessed().isEmpty()) {
      out.println("  guessed from the header: " + guessedList(request));
    }
    if (!request.format().isEmpty()) {
      out.println("Format: " + request.format().entrySet().stream()
          .map(e -> e.getKey() + "=" + (e.getValue().equals("\t") ? "TAB" : e.getValue()))
          .reduce((a, b) -> a + ", " + b).orElse(""));
    }
    out.println("Uploaded " + request.file().getFileName() + " as " + accepted.uploadId());
    out.flush();
  }

  @Override
  public void accepted(UploadRequest request, GatewayClient.Accepted accepted) {
    uploadId = accepted.uploadId();
    printAccepted(out, request, accepted);
  }

  @Override
  public void message(ServerMessage message) {
    ProgressState previous = state;
    state = state.apply(message);
    if (state == previous) {
      return;
    }
    Instant now = clock.instant();
    boolean statusChanged = message instanceof ServerMessage.Status
        && (!statusPrinted || !state.status().equals(previous.status()) || state.stalled() != previous.stalled());
    boolean progressDue =
        message instanceof ServerMessage.Progress && !now.isBefore(lastProgressLine.plus(PROGRESS_EVERY));
    if (statusChanged || progressDue) {
      lastProgressLine = now;
      statusPrinted = true;
      String figures = state.isCancelled()
          ? Formats.cancelled(state)
          : state.stalled()
              ? Formats.stall(state)
              : Formats.rate(state.rowsPerSecond()) + " rows/s  ETA " + Formats.eta(state.etaSeconds());
      out.println(String.format(Locale.ROOT, "%-10s %s  %s rows  %s",
          state.status(), Formats.percent(state.percent()).strip(), Formats.rows(state), figures));
      out.flush();
    }
  }

  @Override
  public void reconnecting(int attempt, int maxAttempts, Duration delay, String reason) {
    out.println("connection lost (" + reason + "); reconnecting in " + Formats.seconds(delay) + " (attempt "
        + attempt + " of " + maxAttempts + ")");
    out.flush();
  }

  @Override
  public void finished(Outcome outcome) {
    if (outcome.isCompleted()) {
      ResultsReport.print(out, uploadId, outcome.results());
    }
    out.flush();
  }

  private static String guessedList(UploadRequest request) {
    return String.join(", ", request.guessed().stream().sorted(
        Comparator.comparingInt(ColumnGuesser.FIELDS::indexOf)).toList());
  }
}
