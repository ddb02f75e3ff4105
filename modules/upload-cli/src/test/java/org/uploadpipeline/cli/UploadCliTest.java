package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.testkit.TestClock;
import picocli.CommandLine;

/** Arguments, token sources and the exits that need no gateway. */
class UploadCliTest {

  private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private UploadCli cli(Map<String, String> env) {
    return new UploadCli(env, false, new TestClock(START), ProgressFollower.DEFAULT_SETTINGS);
  }

  private CommandLine commandLine(UploadCli cli) {
    return new CommandLine(cli).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
  }

  @Test
  void parsesMappingAndFormatIntoUploadApiParameters() {
    UploadCli cli = cli(Map.of());
    commandLine(cli).parseArgs(
        "sales.csv", "--date", "Fecha", "--product", "Prod", "--quantity", "Qty", "--unit-price", "Precio",
        "--transaction-id", "Id", "--customer", "Cliente", "--delimiter", "\\t", "--no-header", "--encoding",
        "ISO-8859-1", "--date-format", "dd/MM/yyyy", "--decimal-separator", ",");

    assertThat(cli.explicitMapping())
        .containsExactly(
            Map.entry("date", "Fecha"), Map.entry("product", "Prod"), Map.entry("quantity", "Qty"),
            Map.entry("unitPrice", "Precio"), Map.entry("transactionId", "Id"), Map.entry("customer", "Cliente"));
    assertThat(cli.explicitFormat())
        .containsExactly(
            Map.entry("delimiter", "\t"), Map.entry("header", "false"), Map.entry("encoding", "ISO-8859-1"),
            Map.entry("dateFormat", "dd/MM/yyyy"), Map.entry("decimalSeparator", ","));
    assertThat(cli.file).isEqualTo(Path.of("sales.csv"));
  }

  @Test
  void defaultsToTheLocalGatewayWithNothingExplicit() {
    UploadCli cli = cli(Map.of());
    commandLine(cli).parseArgs("sales.csv");

    assertThat(cli.server).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(cli.explicitMapping()).isEmpty();
    assertThat(cli.explicitFormat()).isEmpty();
    assertThat(cli.json).isFalse();
  }

  @Test
  void takesTheTokenFromTheOptionThenTheFileThenTheEnvironment() throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("token"), "from-file\n");

    UploadCli option = cli(Map.of(UploadCli.TOKEN_ENV, "from-env"));
    commandLine(option).parseArgs("f.csv", "--token", "from-option");
    UploadCli file = cli(Map.of(UploadCli.TOKEN_ENV, "from-env"));
    commandLine(file).parseArgs("f.csv", "--token-file", tokenFile.toString());
    UploadCli env = cli(Map.of(UploadCli.TOKEN_ENV, "from-env"));
    commandLine(env).parseArgs("f.csv");

    assertThat(option.token()).isEqualTo("from-option");
    assertThat(file.token()).isEqualTo("from-file");
    assertThat(env.token()).isEqualTo("from-env");
  }

  @Test
  void noTokenAnywhereIsAUsageError() {
    UploadCli cli = cli(Map.of());
    commandLine(cli).parseArgs("f.csv");

    assertThatThrownBy(cli::token)
        .isInstanceOfSatisfying(CliFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("UPLOAD_TOKEN");
  }

  @Test
  void refusesTwoTokenSourcesAndBothAmountAndUnitPrice() {
    assertThat(commandLine(cli(Map.of())).execute("f.csv", "--token", "a", "--token-file", "b"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(commandLine(cli(Map.of())).execute("f.csv", "--amount", "total", "--unit-price", "precio"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void missingFileArgumentIsAUsageError() {
    assertThat(commandLine(cli(Map.of())).execute()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void helpListsEveryExitCodeAndTheTokenVariable() {
    assertThat(commandLine(cli(Map.of())).execute("--help")).isZero();

    assertThat(out.toString())
        .contains("Usage: upload")
        .contains("Exit codes:")
        .contains(" 0   the upload completed")
        .contains(" 1   the upload failed while processing")
        .contains(" 2   bad arguments")
        .contains(" 3   the token was refused")
        .contains(" 4   the gateway refused the upload")
        .contains(" 5   gateway unreachable")
        .contains(" 6   the upload was cancelled on the server")
        .contains("130   Ctrl-C: stopped watching")
        .contains("Ctrl-C while following")
        .contains("UPLOAD_TOKEN")
        .contains("--unit-price=COLUMN");
  }

  @Test
  void unguessableMappingEndsWithUsageAndSaysWhichOptionToSet() throws IOException {
    Path file = Files.writeString(dir.resolve("odd.csv"), "when,what,how many,sum\n");

    int exit = commandLine(cli(Map.of(UploadCli.TOKEN_ENV, "t"))).execute(file.toString());

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("upload: cannot guess the column for date, product, quantity, amount")
        .contains("--date COLUMN");
  }

  @Test
  void unreachableGatewayEndsWithTheConnectionCode() throws IOException {
    Path file = Files.writeString(dir.resolve("sales.csv"), "fecha,producto,cantidad,total\n");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    int exit =
        commandLine(cli(Map.of(UploadCli.TOKEN_ENV, "t")))
            .execute(file.toString(), "--server", "http://127.0.0.1:" + closedPort, "--json");

    assertThat(exit).isEqualTo(ExitCodes.CONNECTION);
    assertThat(err.toString()).contains("upload: cannot reach the gateway at http://127.0.0.1:" + closedPort);
    assertThat(out.toString()).contains("\"type\":\"exit\",\"code\":5");
  }

  @Test
  void webSocketAddressFollowsTheServerScheme() {
    assertThat(GatewayClient.webSocketUri(URI.create("http://localhost:8080"), "/ws/processing/u-1/"))
        .isEqualTo(URI.create("ws://localhost:8080/ws/processing/u-1/"));
    assertThat(GatewayClient.webSocketUri(URI.create("https://uploads.example.com/"), "/ws/processing/u-1/"))
        .isEqualTo(URI.create("wss://uploads.example.com/ws/processing/u-1/"));
  }
}
