package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.testkit.TestTokens;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code upload} against the whole system, started as the README starts it (one stack for the class). */
class UploadCliIT {

  private static final Path SAMPLE = Path.of("..", "local-stack", "sample", "sales.csv");

  private static LocalStack stack;

  @TempDir Path dir;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start(LocalStackConfig.onFreePorts(Files.createTempDirectory("upload-cli-it")));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void uploadsTheSampleFollowsItAndPrintsTheResults() {
    Run run = upload(stack.config().gatewayUrl(), stack.demoToken(), SAMPLE.toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.COMPLETED);
    assertThat(run.out())
        .contains("Mapping: date=fecha, product=producto, quantity=cantidad, amount=total\n"
            + "  guessed from the header: date, product, quantity, amount\n")
        .containsPattern("(?m)^processing .*rows")
        .containsPattern("(?m)^Upload [0-9a-f-]{36} completed$")
        .contains("  rows        20,000 processed, 19,995 valid, 5 invalid")
        .contains("  row errors  first 5 of 5:")
        .contains("    line 19, cantidad: not a number: 'abc'");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void wrongMappingEndsNonZeroWithTheProcessorsReason() {
    Run run = upload(stack.config().gatewayUrl(), stack.demoToken(), SAMPLE.toString(), "--date", "fecha_venta");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .containsPattern("upload: upload [0-9a-f-]{36} failed: .*Invalid column mapping for 'fecha_venta'");
    assertThat(run.out()).contains("failed").doesNotContain("completed");
  }

  @Test
  void badTokenEndsWithAnAuthError() {
    String forged = TestTokens.hs256("another-secret-that-is-long-enough-0123456789").tenants("demo").sign();

    Run run = upload(stack.config().gatewayUrl(), forged, SAMPLE.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.AUTH);
    assertThat(run.err()).startsWith("upload: the gateway refused the token (401");
  }

  @Test
  void droppedProgressConnectionIsResumedWithLastSeqAndNothingIsShownTwice() throws Exception {
    List<JsonNode> lines;
    try (CuttingProxy proxy = new CuttingProxy(stack.config().gatewayPort(), 2)) {
      Run run = upload(proxy.url(), stack.demoToken(), SAMPLE.toString(), "--json");
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.COMPLETED);
      lines = run.out().lines().map(l -> ProtocolJson.mapper().readTree(l)).toList();

      assertThat(proxy.webSocketRequests()).as(proxy.requests() + "\n" + run.out()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(proxy.webSocketRequests().get(0)).doesNotContain("lastSeq");
      assertThat(proxy.webSocketRequests().get(1)).containsPattern("\\?lastSeq=\\d+ ");
    }

    List<String> types = lines.stream().map(l -> l.get("type").asString()).toList();
    assertThat(types).startsWith("accepted", "authenticated").contains("reconnecting").endsWith("complete", "exit");
    Set<String> seen = new HashSet<>();
    List<Long> seqs = new ArrayList<>();
    for (JsonNode line : lines) {
      if (line.has("seq")) {
        assertThat(seen.add(line.get("type").asString() + "#" + line.get("seq").asLong())).as(line.toString()).isTrue();
        seqs.add(line.get("seq").asLong());
      }
    }
    assertThat(seqs).isSorted();
    assertThat(lines.get(lines.size() - 2).get("results").get("processed_rows").asLong()).isEqualTo(20_000);
  }

  @Test
  void ctrlCAndYesCancelsTheUploadOnTheServerAndEndsWithSixOnceItIsCancelled() throws Exception {
    Path big = millionRows();
    FakeCtrlC ctrlC = new FakeCtrlC();
    List<String> prompts = new CopyOnWriteArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> onATerminal(prompt -> {
      prompts.add(prompt);
      return "y";
    }, ctrlC, out, err).execute(big.toString(), "--server", stack.config().gatewayUrl(), "--token", stack.demoToken()));

    await().atMost(Duration.ofSeconds(60)).until(() -> ctrlC.installed() && out.toString().contains("\rprocessing ["));
    ctrlC.press();

    assertThat(exit.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(ExitCodes.CANCELLED);
    assertThat(prompts).containsExactly(Interruption.QUESTION);
    assertThat(out.toString())
        .contains("cancel requested; waiting for the processor to stop it")
        .containsPattern("\rcancelled  \\[#*\\.*\\] .* rows Cancelled by ")
        .doesNotContain("completed");
    assertThat(err.toString())
        .containsPattern("^upload: upload [0-9a-f-]{36} was cancelled \\(Cancelled by .+\\) after ");
    assertThat(ctrlC.installed()).as("the JVM's own Ctrl-C is back once following ended").isFalse();
  }

  @Test
  void ctrlCAndNoStopsWatchingWithOneThirtyWhileTheUploadGoesOnOnTheServer() throws Exception {
    Path big = millionRows();
    FakeCtrlC ctrlC = new FakeCtrlC();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> onATerminal(prompt -> "", ctrlC, out, err)
        .execute(big.toString(), "--server", stack.config().gatewayUrl(), "--token", stack.demoToken()));

    await().atMost(Duration.ofSeconds(60)).until(() -> ctrlC.installed() && out.toString().contains("\rprocessing ["));
    ctrlC.press();

    assertThat(exit.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(ExitCodes.INTERRUPTED);
    String uploadId = out.toString().replaceAll("(?s).*Uploaded million\\.csv as ([0-9a-f-]{36}).*", "$1");
    assertThat(err.toString()).isEqualTo("upload: stopped watching upload " + uploadId
        + " (Ctrl-C); it goes on on the server\n");
    // Nobody cancelled it: it completes on the server without its viewer.
    await().atMost(Duration.ofSeconds(90)).until(() -> boardStatus(uploadId).equals("completed"));
  }

  /** Ctrl-C as the test presses it: the action the command installed while following, if it is installed now. */
  private static final class FakeCtrlC implements InterruptSignal.Source {
    private final AtomicReference<Runnable> action = new AtomicReference<>();

    @Override
    public InterruptSignal.Registration onInterrupt(Runnable onInterrupt) {
      action.set(onInterrupt);
      return () -> action.set(null);
    }

    boolean installed() {
      return action.get() != null;
    }

    void press() {
      action.get().run();
    }
  }

  private static CommandLine onATerminal(
      Interruption.Console console, FakeCtrlC ctrlC, StringWriter out, StringWriter err) {
    UploadCli cli =
        new UploadCli(Map.of("COLUMNS", "160"), true, Clock.systemUTC(), ProgressFollower.DEFAULT_SETTINGS, console,
            ctrlC);
    return new CommandLine(cli).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
  }

  /** A million rows in the sample's columns: the processor needs a few seconds, long enough to press Ctrl-C. */
  private Path millionRows() throws IOException {
    Path file = dir.resolve("million.csv");
    try (BufferedWriter writer = Files.newBufferedWriter(file)) {
      writer.write("fecha,producto,cantidad,total\n");
      for (int i = 1; i <= 1_000_000; i++) {
        writer.write("2026-11-" + String.format(Locale.ROOT, "%02d", i % 28 + 1) + ",Product " + (i % 50) + ","
            + (i % 7 + 1) + "," + (i % 90 + 10) + ".00\n");
      }
    }
    return file;
  }

  /** The upload's status as {@code GET /api/uploads} lists it. */
  private static String boardStatus(String uploadId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + "/api/uploads?limit=100"))
            .header("Authorization", "Bearer " + stack.demoToken()).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode upload : ProtocolJson.mapper().readTree(response.body()).get("uploads")) {
      if (upload.get("upload_id").asString().equals(uploadId)) {
        return upload.get("status").asString();
      }
    }
    return "not listed";
  }

  private record Run(int exit, String out, String err) {}

  private static Run upload(String server, String token, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    UploadCli cli = new UploadCli(Map.of(), false, Clock.systemUTC(), ProgressFollower.DEFAULT_SETTINGS);
    List<String> arguments = new ArrayList<>(List.of(args));
    arguments.addAll(List.of("--server", server, "--token", token));
    int exit =
        new CommandLine(cli)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(arguments.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
