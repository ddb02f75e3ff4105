package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.uploadpipeline.protocol.ServerMessage;

/**
 * A progress bar redrawn in place on a terminal ({@code \r}, then erase to the end of the line), with the processor's
 * pace and estimate as the gateway sends them:
 * <pre>processing [#######........]  48.2% 9,640/20,000 rows 4,120 rows/s ETA 0:03</pre>
 * A stall is noted on a line of its own ({@code stalled: no progress since …}), and the bar says {@code stalled}
 * instead of a pace and an estimate until the next snapshot clears it. A cancelled upload's bar ends with the
 * processor's message instead ({@code Cancelled by …}).
 */
final class TerminalView implements ProgressView {

  private static final String ERASE_LINE = "\u001b[K";
  private static final int MIN_BAR = 10;
  private static final int TAIL_SLACK = 4;

  private final PrintWriter out;
  private final int width;
  private ProgressState state = ProgressState.INITIAL;
  private String uploadId;
  private boolean lineOpen;
  private int reservedTail;

  /** {@code clock} is not read: the figures shown are the processor's, so nothing is timed here. */
  TerminalView(PrintWriter out, Clock clock, int width) {
    this.out = out;
    this.width = width;
  }

  @Override
  public void accepted(UploadRequest request, GatewayClient.Accepted accepted) {
    uploadId = accepted.uploadId();
    PlainView.printAccepted(out, request, accepted);
    draw();
  }

  @Override
  public void message(ServerMessage message) {
    ProgressState next = state.apply(message);
    if (next.equals(state) && !(message instanceof ServerMessage.Complete)) {
      return;
    }
    boolean stallBegins = next.stalled() && !state.stalled();
    state = next;
    if (stallBegins) {
      clearLine();
      out.println(Formats.stall(state));
    }
    draw();
  }

  @Override
  public void reconnecting(int attempt, int maxAttempts, Duration delay, String reason) {
    clearLine();
    out.println("connection lost (" + reason + "); reconnecting in " + Formats.seconds(delay) + " (attempt "
        + attempt + " of " + maxAttempts + ")");
    draw();
  }

  @Override
  public void pause() {
    clearLine();
    out.flush();
  }

  @Override
  public void resume() {
    draw();
  }

  @Override
  public void finished(Outcome outcome) {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
    if (outcome.isCompleted()) {
      ResultsReport.print(out, uploadId, outcome.results());
    }
    out.flush();
  }

  /** The bar line for the current state, fitted to the terminal width. */
  String line() {
    String percent = Formats.percent(state.percent());
    String figures = state.isCancelled()
        ? Formats.cancelled(state)
        : state.stalled()
            ? "stalled"
            : Formats.rate(state.rowsPerSecond()) + " rows/s ETA " + Formats.eta(state.etaSeconds());
    String tail = " " + percent + " " + Formats.rows(state) + " rows " + figures;
    String stage = String.format(Locale.ROOT, "%-10s ", state.status());
    // Room for the numbers to grow, so the bar keeps its width instead of shrinking at every new digit.
    reservedTail = Math.max(reservedTail, tail.length() + TAIL_SLACK);
    int barWidth = Math.max(MIN_BAR, width - 1 - stage.length() - reservedTail - 2);
    int filled = (int) Math.round(Math.min(100, state.percent()) / 100 * barWidth);
    String line = stage + "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "]" + tail;
    return line.length() >= width ? line.substring(0, width - 1) : line;
  }

  private void draw() {
    out.print("\r" + line() + ERASE_LINE);
    out.flush();
    lineOpen = true;
  }

  private void clearLine() {
    if (lineOpen) {
      out.print("\r" + ERASE_LINE);
      lineOpen = false;
    }
  }
}
