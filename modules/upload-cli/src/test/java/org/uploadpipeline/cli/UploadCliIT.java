package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
