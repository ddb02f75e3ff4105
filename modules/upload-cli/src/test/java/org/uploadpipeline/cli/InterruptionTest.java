package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uploadpipeline.testkit.TestClock;

/** What Ctrl-C does while following, with a fake terminal and a fake gateway: no real signal, no network. */
class InterruptionTest {

  private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");

  private static final UploadRequest REQUEST =
      new UploadRequest(Path.of("sales.csv"), Map.of("date", "fecha"), Set.of(), Map.of());
  private static final GatewayClient.Accepted ACCEPTED =
      new GatewayClient.Accepted("u-1", URI.create("ws://localhost:8080/ws/processing/u-1/"));
  private static final GatewayClient.CancelAnswer REQUESTED = new GatewayClient.CancelAnswer(202, null);
  private static final GatewayClient.CancelAnswer TOO_LATE = new GatewayClient.CancelAnswer(
      409, "upload u-1 has already finished (completed); there is nothing to cancel");

  private final StringWriter screen = new StringWriter();
  private final PrintWriter out = new PrintWriter(screen);
  private final HeldView view = new HeldView(new TerminalView(out, new TestClock(START), 80));
  private final AtomicInteger cancels = new AtomicInteger();
  private final AtomicInteger stops = new AtomicInteger();
  private final List<String> prompts = new ArrayList<>();

  /** A terminal that answers each question with the next of {@code answers} (null: end of input). */
  private Interruption.Console answering(String... answers) {
    return prompt -> {
      prompts.add(prompt);
      return answers[prompts.size() - 1];
    };
  }

  private Interruption interruption(Interruption.Console console, GatewayClient.CancelAnswer answer) {
    return new Interruption(console, out, view, () -> {
      cancels.incrementAndGet();
      return answer;
    }, stops::incrementAndGet, "u-1");
  }

  /** The view as while following: accepted, then the bar at 42 %. */
  private void following() {
    view.accepted(REQUEST, ACCEPTED);
    view.message(Messages.status(3, "processing", 42, 4000, 10_000L, 2000.0, 3L));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      value = {"y, CANCEL", "Y, CANCEL", "'  yes ', CANCEL", "YES, CANCEL", "'', STOP_WATCHING", "n, STOP_WATCHING",
          "no, STOP_WATCHING", "yep, STOP_WATCHING", "NULL, STOP_WATCHING"},
      nullValues = "NULL")
  void onlyYesCancelsAndTheDefaultIsNo(String answer, Interruption.Decision decision) {
    assertThat(Interruption.decide(answer)).isEqualTo(decision);
  }

  @Test
  void withoutATerminalCtrlCStopsWatchingAtOnceAndAsksNothing() {
    following();

    interruption(null, REQUESTED).run();

    assertThat(stops).hasValue(1);
    assertThat(cancels).hasValue(0);
    assertThat(screen.toString()).doesNotContain("Cancel the upload");
  }

  @Test
  void yesAsksTheGatewayToCancelAndKeepsWatching() {
    following();
    Interruption interruption = interruption(answering("y"), REQUESTED);

    interruption.run();

    assertThat(prompts).containsExactly("Cancel the upload on the server too? [y/N] ");
    assertThat(cancels).hasValue(1);
    assertThat(stops).hasValue(0);
    assertThat(screen.toString())
        .contains("\r\u001b[Kcancel requested; waiting for the processor to stop it (Ctrl-C again: stop watching)\n"
            + "\rprocessing [");
  }

  @Test
  void theBarIsErasedForTheQuestionAndWhatArrivesMeanwhileIsShownAfterTheAnswer() {
    following();
    List<String> screenWhenAsked = new ArrayList<>();
    Interruption.Console console = prompt -> {
      screenWhenAsked.add(screen.toString());
      // The follower's thread goes on delivering while the person thinks.
      view.message(Messages.progress(4, 52, 5200, 10_000L, 2100.0, 2L));
      screenWhenAsked.add(screen.toString());
      return "y";
    };

    interruption(console, REQUESTED).run();

    assertThat(screenWhenAsked.get(0)).endsWith("\r\u001b[K");
    assertThat(screenWhenAsked.get(1)).isEqualTo(screenWhenAsked.get(0)).doesNotContain("52.0%");
    String after = screen.toString().substring(screenWhenAsked.get(0).length());
    assertThat(after).startsWith("cancel requested").contains(" 52.0% 5,200/10,000 rows 2,100 rows/s ETA 0:02");
  }

  @Test
  void aCancelThatComesTooLatePrintsTheGatewaysMessageAndTheNextCtrlCAsksAgain() {
    following();
    Interruption interruption = interruption(answering("y", "n"), TOO_LATE);

    interruption.run();

    assertThat(screen.toString()).contains("upload u-1 has already finished (completed); there is nothing to cancel\n");
    assertThat(stops).hasValue(0);
    interruption.run();
    assertThat(prompts).hasSize(2);
    assertThat(stops).hasValue(1);
    assertThat(interruption.stopReason()).isEqualTo("stopped watching upload u-1 (Ctrl-C); it goes on on the server");
  }

  @ParameterizedTest(name = "answer \"{0}\"")
  @CsvSource(value = {"n", "''", "NULL"}, nullValues = "NULL")
  void noEnterOrTheEndOfInputStopsWatchingAndSendsNoCancel(String answer) {
    following();
    Interruption interruption = interruption(answering(answer), REQUESTED);

    interruption.run();

    assertThat(cancels).hasValue(0);
    assertThat(stops).hasValue(1);
    assertThat(interruption.stopReason()).endsWith("it goes on on the server");
    interruption.run();
    assertThat(prompts).hasSize(1);
    assertThat(stops).hasValue(1);
  }

  @Test
  void ctrlCAfterTheCancelWasRequestedStopsWatchingWithoutAsking() {
    following();
    Interruption interruption = interruption(answering("yes"), REQUESTED);
    interruption.run();

    interruption.run();

    assertThat(prompts).hasSize(1);
    assertThat(cancels).hasValue(1);
    assertThat(stops).hasValue(1);
    assertThat(interruption.stopReason()).isEqualTo("stopped watching upload u-1 (Ctrl-C); its cancel was requested");
  }

  @Test
  void aSecondCtrlCWhileTheQuestionIsOpenStopsWatchingAndTheLateAnswerIsIgnored() throws Exception {
    following();
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    Function<String, String> slowPerson = prompt -> {
      asked.countDown();
      try {
        answer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "y";
    };
    Interruption interruption = interruption(slowPerson::apply, REQUESTED);
    CompletableFuture<Void> first = CompletableFuture.runAsync(interruption);
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();

    interruption.run();
    assertThat(stops).hasValue(1);
    answer.countDown();
    first.get(10, TimeUnit.SECONDS);

    assertThat(cancels).hasValue(0);
    assertThat(stops).hasValue(1);
    // The program ends now: its last output is released, not held behind the dead question.
    view.finished(Outcome.of(ExitCodes.INTERRUPTED, interruption.stopReason()));
    assertThat(screen.toString()).endsWith(" 42.0% 4,000/10,000 rows 2,000 rows/s ETA 0:03\u001b[K\n");
  }
}
