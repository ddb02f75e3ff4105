package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;
import org.uploadpipeline.testkit.TestClock;
import tools.jackson.databind.JsonNode;

/** The three outputs, driven by the same messages and a clock the test moves; pace and estimate are the server's. */
class ViewsTest {

  private static final UploadRequest REQUEST =
      new UploadRequest(
          Path.of("sales.csv"),
          Map.of("date", "fecha", "product", "producto", "quantity", "cantidad", "amount", "total"),
          Set.of("date", "product", "quantity", "amount"),
          Map.of());
  private static final GatewayClient.Accepted ACCEPTED =
      new GatewayClient.Accepted("u-1", URI.create("ws://localhost:8080/ws/processing/u-1/"));

  private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
  private final StringWriter buffer = new StringWriter();
  private final PrintWriter out = new PrintWriter(buffer);

  /** Half a second between messages: the processor says 2,000 rows a second, out of 10,000. */
  private void playUpload(ProgressView view) {
    view.accepted(REQUEST, ACCEPTED);
    view.message(Messages.authenticated());
    view.message(Messages.status(1, "pending", 0, 0, null));
    view.message(Messages.status(2, "validating", 1, 0, null));
    view.message(Messages.status(3, "processing", 2, 0, 10_000L));
    for (int i = 1; i <= 4; i++) {
      clock.advance(Duration.ofMillis(500));
      view.message(progress(i));
    }
  }

  /** The i-th progress message of {@link #playUpload}. */
  private static ServerMessage.Progress progress(int i) {
    long rows = i * 1000L;
    return Messages.progress(3 + i, 2 + i * 10, rows, 10_000L, 2000.0, (10_000 - rows) / 2000);
  }

  /** After {@link #playUpload}: seq 7 stalls, then seq 8 arrives. */
  private void stallThenResume(ProgressView view) {
    clock.advance(Duration.ofSeconds(30));
    view.message(Messages.stall(7, 42, 4000, 10_000L));
    clock.advance(Duration.ofSeconds(10));
    view.message(Messages.status(8, "processing", 52, 5000, 10_000L, 1500.0, 4L));
  }

  @Nested
  class OnATerminal {

    private final TerminalView view = new TerminalView(out, clock, 80);

    @Test
    void redrawsOneBarLineWithStageRateAndEta() {
      playUpload(view);

      String screen = buffer.toString();
      String lastFrame = screen.substring(screen.lastIndexOf('\r') + 1);
      assertThat(lastFrame)
          .isEqualTo("processing [######.........]  42.0% 4,000/10,000 rows 2,000 rows/s ETA 0:03\u001b[K");
      // Every update is a redraw of the same line, not a new line.
      assertThat(screen.substring(screen.indexOf("as u-1") + "as u-1".length() + 1)).doesNotContain("\n");
      assertThat(lastFrame.length() - "\u001b[K".length()).isLessThan(80);
    }

    @Test
    void fitsANarrowTerminal() {
      TerminalView narrow = new TerminalView(out, clock, 60);
      playUpload(narrow);

      assertThat(narrow.line()).hasSizeLessThan(60).startsWith("processing [#");
    }

    @Test
    void showsTheServersFiguresAndADashForAnUnknownEstimate() {
      view.accepted(REQUEST, ACCEPTED);
      view.message(Messages.status(3, "processing", 2, 0, null));
      assertThat(view.line()).endsWith(" 0 rows 0 rows/s ETA –");

      // No client-side timing: the figures change only when the server's do, however much time passes.
      clock.advance(Duration.ofSeconds(20));
      view.message(Messages.progress(4, 40, 400_000, null, 12_345.6, 4_000L));
      assertThat(view.line()).endsWith(" 400,000 rows 12,346 rows/s ETA 1:06:40");
      view.message(Messages.progress(5, 41, 410_000, null, 12_000, null));
      assertThat(view.line()).endsWith(" 410,000 rows 12,000 rows/s ETA –");
    }

    @Test
    void notesAStallOnItsOwnLineAndTheBarSaysStalledUntilTheNextSnapshot() {
      playUpload(view);
      clock.advance(Duration.ofSeconds(30));
      view.message(Messages.stall(7, 42, 4000, 10_000L));

      String screen = buffer.toString();
      assertThat(screen).contains("\r\u001b[Kstalled: no progress since 2026-12-01T10:00:00Z: processing may have "
          + "stopped\n\rprocessing [");
      assertThat(view.line()).endsWith(" 42.0% 4,000/10,000 rows stalled");

      clock.advance(Duration.ofSeconds(10));
      view.message(Messages.status(8, "processing", 52, 5000, 10_000L, 1500.0, 4L));
      assertThat(view.line()).endsWith(" 52.0% 5,000/10,000 rows 1,500 rows/s ETA 0:04");
      assertThat(buffer.toString()).containsOnlyOnce("stalled: ");
    }

    @Test
    void endsTheBarLineThenPrintsTheResults() {
      playUpload(view);
      clock.advance(Duration.ofSeconds(3));
      view.message(Messages.status(9, "completed", 100, 10_000, 10_000L, 1900.0, 0L));
      view.message(Messages.complete(9));
      view.finished(Outcome.completed(Messages.results()));

      String screen = buffer.toString();
      assertThat(screen).contains("completed  [##########");
      assertThat(screen).contains("100.0%").contains("1,900 rows/s ETA 0:00\u001b[K\nUpload u-1 completed\n");
      assertThat(screen)
          .contains("  rows        10,000 processed, 9,985 valid, 15 invalid\n")
          .contains("  quality     99.9 %\n")
          .contains("  aggregates  9,985 transactions, 30 daily, 1 monthly, 50 products\n")
          .contains("    line 17, cantidad: not a number: 'abc'\n");
    }

    @Test
    void aCancelledUploadsBarEndsWithTheProcessorsMessage() {
      playUpload(view);
      view.message(Messages.cancelled(8, 42, 4000));
      view.finished(ProgressFollower.outcomeOf(new UploadFollower.Ending.Stopped(), Messages.cancelled(8, 42, 4000)));

      assertThat(view.line()).startsWith("cancelled  [######.........]").endsWith(" 42.0% 4,000/10,000 rows "
          + "Cancelled by user-42");
      assertThat(buffer.toString()).endsWith("Cancelled by user-42\u001b[K\n").doesNotContain("completed");
    }

    @Test
    void saysWhatItGuessedBeforeTheBar() {
      view.accepted(REQUEST, ACCEPTED);

      assertThat(buffer.toString())
          .startsWith("Mapping: date=fecha, product=producto, quantity=cantidad, amount=total\n"
              + "  guessed from the header: date, product, quantity, amount\nUploaded sales.csv as u-1\n");
    }

    @Test
    void reconnectNoticeGoesOnItsOwnLineAndTheBarComesBack() {
      playUpload(view);
      view.reconnecting(1, 5, Duration.ofMillis(500), "closed with 1006");

      String screen = buffer.toString();
      assertThat(screen)
          .contains("\r\u001b[Kconnection lost (closed with 1006); reconnecting in 0.5 s (attempt 1 of 5)\n"
              + "\rprocessing [");
    }
  }

  @Nested
  class InALogOrPipe {

    private final PlainView view = new PlainView(out, clock);

    @Test
    void printsEveryStatusChangeAndProgressAtMostOncePerSecond() {
      playUpload(view);

      assertThat(lines()).containsExactly(
          "Mapping: date=fecha, product=producto, quantity=cantidad, amount=total",
          "  guessed from the header: date, product, quantity, amount",
          "Uploaded sales.csv as u-1",
          "pending    0.0%  0 rows  0 rows/s  ETA –",
          "validating 1.0%  0 rows  0 rows/s  ETA –",
          "processing 2.0%  0/10,000 rows  0 rows/s  ETA –",
          "processing 22.0%  2,000/10,000 rows  2,000 rows/s  ETA 0:04",
          "processing 42.0%  4,000/10,000 rows  2,000 rows/s  ETA 0:03");
      assertThat(buffer.toString()).doesNotContain("\r", "\u001b");
    }

    @Test
    void printsAStallAndTheSnapshotThatEndsIt() {
      playUpload(view);
      stallThenResume(view);

      assertThat(lines()).endsWith(
          "processing 42.0%  4,000/10,000 rows  2,000 rows/s  ETA 0:03",
          "processing 42.0%  4,000/10,000 rows  stalled: no progress since 2026-12-01T10:00:00Z: processing may have "
              + "stopped",
          "processing 52.0%  5,000/10,000 rows  1,500 rows/s  ETA 0:04");
    }

    @Test
    void printsTheResultsAtTheEnd() {
      playUpload(view);
      clock.advance(Duration.ofSeconds(3));
      view.message(Messages.status(9, "completed", 100, 10_000, 10_000L, 1900.0, 0L));
      view.message(Messages.complete(9));
      view.finished(Outcome.completed(Messages.results()));

      assertThat(lines()).containsSubsequence(
          "completed  100.0%  10,000/10,000 rows  1,900 rows/s  ETA 0:00",
          "Upload u-1 completed",
          "  rows        10,000 processed, 9,985 valid, 15 invalid",
          "  row errors  first 1 of 15:");
    }

    @Test
    void aCancelShowsAsAStatusLineWithTheProcessorsMessageAndNoResults() {
      playUpload(view);
      view.message(Messages.cancelled(8, 42, 4000));
      view.finished(ProgressFollower.outcomeOf(new UploadFollower.Ending.Stopped(), Messages.cancelled(8, 42, 4000)));

      assertThat(lines()).endsWith("cancelled  42.0%  4,000/10,000 rows  Cancelled by user-42");
    }

    @Test
    void aFailureShowsAsAStatusLineAndNoResults() {
      playUpload(view);
      view.message(Messages.status(9, "failed", 42, 4000, 10_000L));
      view.message(Messages.failure(9, "Invalid column mapping for 'fecha'"));
      view.finished(Outcome.of(ExitCodes.FAILED, "Processing failed: Invalid column mapping for 'fecha'"));

      assertThat(lines().get(lines().size() - 1)).startsWith("failed     42.0%");
      assertThat(buffer.toString()).doesNotContain("completed");
    }
  }

  @Nested
  class WithJson {

    private final JsonLinesView view = new JsonLinesView(out);

    @Test
    void printsAcceptedThenServerMessagesAsSentThenExit() {
      playUpload(view);
      view.message(Messages.failure(9, "Invalid column mapping for 'fecha'"));
      view.finished(Outcome.of(ExitCodes.FAILED, "Processing failed: Invalid column mapping for 'fecha'"));

      List<JsonNode> lines = lines().stream().map(l -> ProtocolJson.mapper().readTree(l)).toList();
      assertThat(lines).extracting(l -> l.get("type").asString())
          .containsExactly("accepted", "authenticated", "status", "status", "status", "progress", "progress",
              "progress", "progress", "error", "exit");
      JsonNode accepted = lines.get(0);
      assertThat(accepted.get("upload_id").asString()).isEqualTo("u-1");
      assertThat(accepted.get("mapping").get("date").asString()).isEqualTo("fecha");
      assertThat(accepted.get("guessed")).hasSize(4);
      assertThat(lines.get(5)).isEqualTo(ProtocolJson.mapper().readTree(WebSocketJson.write(progress(1))));
      assertThat(lines.get(5).get("rows_per_second").asDouble()).isEqualTo(2000.0);
      assertThat(lines.get(5).get("eta_seconds").asLong()).isEqualTo(4);
      JsonNode exit = lines.get(lines.size() - 1);
      assertThat(exit.get("code").asInt()).isEqualTo(1);
      assertThat(exit.get("reason").asString()).contains("Invalid column mapping for 'fecha'");
    }

    @Test
    void printsTheStallAsSentAndTheStatusThatClearsIt() {
      stallThenResume(view);

      List<JsonNode> lines = lines().stream().map(l -> ProtocolJson.mapper().readTree(l)).toList();
      assertThat(lines).extracting(l -> l.get("seq").asLong()).containsExactly(7L, 8L);
      assertThat(lines).extracting(l -> l.get("stalled").asBoolean()).containsExactly(true, false);
      assertThat(lines.get(0).get("eta_seconds").isNull()).isTrue();
      assertThat(lines.get(0).get("message").asString()).startsWith("No progress since 2026-12-01T10:00:00Z");
    }

    @Test
    void printsTheCancelledStatusAsSentThenExitSix() {
      view.message(Messages.cancelled(8, 42, 4000));
      view.finished(ProgressFollower.outcomeOf(
          new UploadFollower.Ending.Refused(1000, "upload finished"), Messages.cancelled(8, 42, 4000)));

      List<JsonNode> lines = lines().stream().map(l -> ProtocolJson.mapper().readTree(l)).toList();
      assertThat(lines.get(0)).isEqualTo(
          ProtocolJson.mapper().readTree(WebSocketJson.write(Messages.cancelled(8, 42, 4000))));
      assertThat(lines.get(0).get("status").asString()).isEqualTo("cancelled");
      assertThat(lines.get(0).get("message").asString()).isEqualTo("Cancelled by user-42");
      assertThat(lines.get(1).get("type").asString()).isEqualTo("exit");
      assertThat(lines.get(1).get("code").asInt()).isEqualTo(6);
      assertThat(lines.get(1).get("reason").asString())
          .isEqualTo("upload u-1 was cancelled (Cancelled by user-42) after 4,000 rows; it has no results");
    }

    @Test
    void reportsReconnects() {
      view.reconnecting(2, 5, Duration.ofSeconds(1), "closed with 1006");

      assertThat(ProtocolJson.mapper().readTree(lines().get(0)))
          .isEqualTo(ProtocolJson.mapper().readTree("{\"type\":\"reconnecting\",\"attempt\":2,\"max_attempts\":5,"
              + "\"delay_ms\":1000,\"reason\":\"closed with 1006\"}"));
    }
  }

  private List<String> lines() {
    return buffer.toString().lines().toList();
  }
}
