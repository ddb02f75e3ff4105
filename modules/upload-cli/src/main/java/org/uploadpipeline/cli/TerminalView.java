package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.uploadpipeline.protocol.ServerMessage;

/**
 * A progress bar redrawn in place on a terminal ({@code \r}, then erase to the end of the line):
 * <pre>processing [#######........]  48.2% 9,640/20,000 rows 4,120 rows/s ETA 0:03</pre>
 */
final class TerminalView implements ProgressView {

  private static final String ERASE_LINE = "\u001b[K";
  private static final int MIN_BAR = 10;
  private static final int TAIL_SLACK = 4;

  private final PrintWriter out;
  private final ProgressMeter meter;
  private final int width;
  private ProgressState state = ProgressState.INITIAL;
  private String uploadId;
  private boolean lineOpen;
  private int reservedTail;

  TerminalView(PrintWriter out, Clock clock, int width) {
    this.out = out;
    this.meter = new ProgressMeter(clock);
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
    state = next;
    meter.record(state);
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
    String tail = " " + percent + " " + Formats.rows(state) + " rows " + Formats.rate(meter.rowsPerSecond())
        + " rows/s ETA " + Formats.eta(meter.eta());
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
