package org.uploadpipeline.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.uploadpipeline.client.UploadFollower;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upload FILE}: sends a CSV to the gateway and follows its progress to the end. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    versionProvider = UploadCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Uploads a CSV of sales transactions to the gateway (POST /api/uploads), follows its progress over the "
          + "WebSocket, and prints the results.",
      "",
      "Columns not named are guessed from the header: date = fecha|date, product = producto|product, "
          + "quantity = cantidad|quantity|qty, amount = total|amount|importe (else unitPrice = precio|price), "
          + "transactionId = id|transaction_id, customer = cliente|customer. The delimiter is guessed from the header "
          + "too. What was guessed is printed.",
      "",
      "Output: a progress bar with stage, rows/s and ETA on a terminal; one line per step otherwise; JSON lines "
          + "with --json.",
      "",
      "Ctrl-C while following: on a terminal it asks 'Cancel the upload on the server too? [y/N]'; y cancels it "
          + "(DELETE /api/uploads/{id}) and waits for the cancelled status (exit 6), anything else stops watching "
          + "and leaves the upload running (exit 130). Piped or with --json it stops watching at once (exit 130).",
      ""
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "  0:the upload completed; its results were printed",
      "  1:the upload failed while processing; the processor's reason was printed",
      "  2:bad arguments, unreadable file, mapping not guessable, or no token",
      "  3:the token was refused (HTTP 401/403, WebSocket 4001/4003)",
      "  4:the gateway refused the upload (HTTP 400/413/415/...); its message was printed",
      "  5:gateway unreachable, progress connection lost after retries (4008 included), or WebSocket 4004",
      "  6:the upload was cancelled on the server (Ctrl-C and y here, or cancelled elsewhere); it has no results",
      " 70:internal error",
      "130:Ctrl-C: stopped watching; the upload goes on on the server"
    },
    footerHeading = "%nEnvironment:%n",
    footer = " UPLOAD_TOKEN  the JWT, when neither --token nor --token-file is given")
public final class UploadCli implements Callable<Integer> {

  static final String TOKEN_ENV = "UPLOAD_TOKEN";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file to upload.")
  Path file;

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "http://localhost:8080",
      description = "The gateway (default: ${DEFAULT-VALUE}).")
  URI server;

  @ArgGroup(exclusive = true)
  TokenOptions tokenOptions;

  static final class TokenOptions {
    @Option(names = "--token", paramLabel = "JWT", description = "The bearer token (default: $" + TOKEN_ENV + ").")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the token.")
    Path tokenFile;
  }

  @Option(names = "--date", paramLabel = "COLUMN", description = "Column of the transaction date.")
  String date;

  @Option(names = "--product", paramLabel = "COLUMN", description = "Column of the product.")
  String product;

  @Option(names = "--quantity", paramLabel = "COLUMN", description = "Column of the quantity.")
  String quantity;

  @ArgGroup(exclusive = true)
  PriceOptions priceOptions;

  static final class PriceOptions {
    @Option(names = "--amount", paramLabel = "COLUMN", description = "Column of the line total.")
    String amount;

    @Option(
        names = "--unit-price",
        paramLabel = "COLUMN",
        description = "Column of the unit price (amount = quantity x unit price).")
    String unitPrice;
  }

  @Option(names = "--transaction-id", paramLabel = "COLUMN", description = "Column of the transaction id (optional).")
  String transactionId;

  @Option(names = "--customer", paramLabel = "COLUMN", description = "Column of the customer (optional).")
  String customer;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "Field delimiter (default: guessed, else ',').")
  String delimiter;

  @Option(
      names = "--no-header",
      description = "The file has no header line; columns are then named by number (--date 1 ...).")
  boolean noHeader;

  @Option(names = "--encoding", paramLabel = "CHARSET", description = "File encoding (default: UTF-8).")
  String encoding;

  @Option(names = "--date-format", paramLabel = "PATTERN", description = "Date pattern (default: yyyy-MM-dd).")
  String dateFormat;

  @Option(
      names = "--decimal-separator",
      paramLabel = "CHAR",
      description = "'.' or ',' (default: '.').")
  String decimalSeparator;

  @Option(names = "--json", description = "Print JSON lines (server messages as sent, then an exit line).")
  boolean json;

  private final Map<String, String> env;
  private final boolean terminal;
  private final Clock clock;
  private final UploadFollower.Settings followSettings;
  private final Interruption.Console console;
  private final InterruptSignal.Source interrupts;

  /** No terminal to ask: Ctrl-C (the process's SIGINT) stops watching. */
  UploadCli(Map<String, String> env, boolean terminal, Clock clock, UploadFollower.Settings followSettings) {
    this(env, terminal, clock, followSettings, null, InterruptSignal.SIGINT);
  }

  /**
   * @param console the terminal that Ctrl-C's question is asked on; null when there is none
   * @param interrupts where Ctrl-C comes from while an upload is followed
   */
  UploadCli(
      Map<String, String> env,
      boolean terminal,
      Clock clock,
      UploadFollower.Settings followSettings,
      Interruption.Console console,
      InterruptSignal.Source interrupts) {
    this.env = env;
    this.terminal = terminal;
    this.clock = clock;
    this.followSettings = followSettings;
    this.console = console;
    this.interrupts = interrupts;
  }

  public static void main(String[] args) {
    Console terminal = System.console();
    Interruption.Console console = terminal == null ? null : prompt -> terminal.readLine("%s", prompt);
    UploadCli cli = new UploadCli(System.getenv(), terminal != null, Clock.systemUTC(),
        ProgressFollower.DEFAULT_SETTINGS, console, InterruptSignal.SIGINT);
    System.exit(new CommandLine(cli).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressView view = null;
    Outcome outcome;
    try {
      String token = token();
      UploadRequest request = ColumnGuesser.complete(file, explicitMapping(), explicitFormat());
      view = view(out);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      GatewayClient gateway = new GatewayClient(http, server);
      GatewayClient.Accepted accepted = gateway.upload(request, token);
      HeldView held = new HeldView(view);
      view = held;
      held.accepted(request, accepted);
      // A client of its own: the JDK would otherwise run the handshake on the upload's pooled connection.
      HttpClient webSocketClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      ProgressFollower.Watch watch =
          new ProgressFollower(webSocketClient, followSettings).start(accepted.webSocketUri(), token, held);
      // Only a person at a terminal can answer the question; JSON lines are for scripts.
      Interruption interruption = new Interruption(json ? null : console, out, held,
          () -> gateway.cancel(accepted.uploadId(), token), watch::stop, accepted.uploadId());
      try (InterruptSignal.Registration ctrlC = interrupts.onInterrupt(interruption)) {
        outcome = watch.outcome();
      }
      if (outcome.exitCode() == ExitCodes.INTERRUPTED) {
        outcome = Outcome.of(ExitCodes.INTERRUPTED, interruption.stopReason());
      }
      if (outcome.exitCode() == ExitCodes.FAILED) {
        outcome = Outcome.of(ExitCodes.FAILED, "upload " + accepted.uploadId() + " failed: " + outcome.reason());
      }
    } catch (CliFailure e) {
      outcome = Outcome.of(e.exitCode(), e.getMessage());
    }
    if (view == null && json) {
      view = new JsonLinesView(out);
    }
    if (view != null) {
      view.finished(outcome);
    }
    if (!outcome.isCompleted()) {
      err.println("upload: " + outcome.reason());
      err.flush();
    }
    return outcome.exitCode();
  }

  private ProgressView view(PrintWriter out) {
    if (json) {
      return new JsonLinesView(out);
    }
    return terminal ? new TerminalView(out, clock, terminalWidth()) : new PlainView(out, clock);
  }

  private int terminalWidth() {
    try {
      return Math.max(40, Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim()));
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** --token, else --token-file, else $UPLOAD_TOKEN. */
  String token() {
    String token = null;
    if (tokenOptions != null && tokenOptions.token != null) {
      token = tokenOptions.token;
    } else if (tokenOptions != null && tokenOptions.tokenFile != null) {
      try {
        token = Files.readString(tokenOptions.tokenFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliFailure(ExitCodes.USAGE, "cannot read the token file " + tokenOptions.tokenFile + ": " + e);
      }
    } else {
      token = env.get(TOKEN_ENV);
    }
    if (token == null || token.isBlank()) {
      throw new CliFailure(ExitCodes.USAGE, "no token: pass --token, --token-file or set " + TOKEN_ENV);
    }
    return token.strip();
  }

  /** The mapping options given, by upload API parameter name. */
  Map<String, String> explicitMapping() {
    Map<String, String> mapping = new LinkedHashMap<>();
    putIfSet(mapping, "date", date);
    putIfSet(mapping, "product", product);
    putIfSet(mapping, "quantity", quantity);
    if (priceOptions != null) {
      putIfSet(mapping, "amount", priceOptions.amount);
      putIfSet(mapping, "unitPrice", priceOptions.unitPrice);
    }
    putIfSet(mapping, "transactionId", transactionId);
    putIfSet(mapping, "customer", customer);
    return mapping;
  }

  /** The format options given, by upload API parameter name. */
  Map<String, String> explicitFormat() {
    Map<String, String> format = new LinkedHashMap<>();
    if (delimiter != null) {
      format.put("delimiter", delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter);
    }
    if (noHeader) {
      format.put("header", "false");
    }
    putIfSet(format, "encoding", encoding);
    putIfSet(format, "dateFormat", dateFormat);
    putIfSet(format, "decimalSeparator", decimalSeparator);
    return format;
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = UploadCli.class.getPackage().getImplementationVersion();
      return new String[] {"upload " + (version == null ? "(development build)" : version)};
    }
  }
}
