package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of the local stack.
 *
 * <pre>
 * java -jar local-stack.jar [up] [--data-dir DIR] [--kafka-port N] [--gateway-port N] [--kafka-auth]
 * java -jar local-stack.jar watch UPLOAD_ID [--data-dir DIR] [--gateway-port N]
 * </pre>
 *
 * {@code --kafka-auth} runs the broker as Kubernetes does (SASL/SCRAM over TLS, one user per principal with its ACLs,
 * {@link LocalStack#createWithKafkaAuthentication}); without it Kafka is plaintext on loopback.
 *
 * <p>The data directory defaults to {@code $LOCAL_STACK_DATA_DIR}, else {@code .local-stack} in the working directory.
 */
public final class LocalStackMain {

  private LocalStackMain() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    String env = System.getenv("LOCAL_STACK_DATA_DIR");
    Path dataDir = Path.of(env == null || env.isBlank() ? ".local-stack" : env);
    int kafkaPort = LocalStackConfig.DEFAULT_KAFKA_PORT;
    int gatewayPort = LocalStackConfig.DEFAULT_GATEWAY_PORT;
    boolean kafkaAuthentication = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kafka-auth" -> kafkaAuthentication = true;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i));
        case "--gateway-port" -> gatewayPort = Integer.parseInt(value(args, ++i));
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> positional.add(args[i]);
      }
    }
    LocalStackConfig config = new LocalStackConfig(dataDir.toAbsolutePath().normalize(), kafkaPort, gatewayPort);
    String command = positional.isEmpty() ? "up" : positional.get(0);
    switch (command) {
      case "up" -> up(config, kafkaAuthentication);
      case "watch" -> {
        if (positional.size() != 2) {
          usage();
          System.exit(2);
        }
        String token = Files.readString(config.dataDir().resolve("demo-token")).trim();
        System.exit(ProgressWatcher.watch(config.webSocketUrl(positional.get(1)), token, System.out));
      }
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void up(LocalStackConfig config, boolean kafkaAuthentication)
      throws IOException, InterruptedException {
    // LOCAL_STACK_GATEWAY_ADDRESS=0.0.0.0 lets other machines in (with the demo token and the open origins).
    String address = System.getenv("LOCAL_STACK_GATEWAY_ADDRESS");
    ServiceOverrides overrides =
        address == null || address.isBlank()
            ? ServiceOverrides.NONE
            : new ServiceOverrides(
                ServiceOverrides.DEFAULT_JVM_ARGS, Map.of(), Map.of("SERVER_ADDRESS", address.trim()));
    LocalStack stack;
    try {
      stack = kafkaAuthentication
          ? LocalStack.createWithKafkaAuthentication(config, overrides)
          : LocalStack.create(config, overrides);
    } catch (IllegalStateException e) {
      System.err.println("The local stack did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // Registered before anything starts: Ctrl-C or SIGTERM during start-up stops what has started, too.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping the local stack...");
                  stack.close();
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    try {
      stack.start();
    } catch (IllegalStateException e) {
      System.err.println("The local stack did not start: " + e.getMessage());
      System.exit(1);
    }
    String token = stack.demoToken();
    Path tokenFile = config.dataDir().resolve("demo-token");
    Files.writeString(tokenFile, token);
    System.out.println(banner(config, token, tokenFile));
    if (stack.kafkaClientsDir() != null) {
      System.out.println(kafkaBanner(config, stack.kafkaClientsDir()));
    }
    stack.supervise(
        message -> System.out.println("[local-stack] " + message),
        () -> {
          System.err.println("The local stack stopped: a service kept failing.");
          System.exit(1);
        });
    stopped.await();
  }

  static String banner(LocalStackConfig config, String token, Path tokenFile) {
    Path sample = Path.of("modules/local-stack/sample/sales.csv").toAbsolutePath();
    return """

        The local stack is up.
          Kafka       %s
          Gateway     %s (listening on %s only; LOCAL_STACK_GATEWAY_ADDRESS=0.0.0.0 for other machines)
          WebSocket   %s
          Demo page   %s/demo/#token=%s
          Data, logs  %s
          Browsers    pages on http://localhost and http://127.0.0.1, any port (a dev server such as Vite's
                      :5173), may use the WebSocket and the API: GATEWAY_ALLOWED_ORIGINS=%s

        Demo token (tenant '%s', valid %d h, also in %s):
          %s

        In a second terminal, upload the sample CSV and follow it with a progress bar:
          java -jar modules/upload-cli/target/upload-cli.jar --server %s --token-file %s \
               %s
        or with curl, then watch the uploadId it answers with a plain WebSocket client:
          curl -sS -X POST '%s/api/uploads?date=fecha&product=producto&quantity=cantidad&amount=total' \
               -H "Authorization: Bearer $(cat %s)" -H 'Content-Type: text/csv' \
               --data-binary @%s
          java -jar modules/local-stack/target/local-stack.jar watch <uploadId>%s

        Stop everything with Ctrl-C.
        """
        .formatted(
            config.bootstrapServers(),
            config.gatewayUrl(),
            LocalStack.LOOPBACK,
            config.webSocketUrl("<uploadId>"),
            config.gatewayUrl(),
            token,
            config.dataDir(),
            LocalStack.BROWSER_ORIGINS,
            DemoToken.DEMO_TENANT,
            DemoToken.VALIDITY.toHours(),
            tokenFile,
            token,
            config.gatewayUrl(),
            tokenFile,
            sample,
            config.gatewayUrl(),
            tokenFile,
            sample,
            config.dataDir().equals(Path.of(".local-stack").toAbsolutePath().normalize())
                ? ""
                : " --data-dir " + config.dataDir());
  }

  static String kafkaBanner(LocalStackConfig config, Path clientsDir) {
    return """
        Kafka authenticates (--kafka-auth): SASL/SCRAM-SHA-512 over TLS, one user per principal with only its ACLs
        (processor, gateway, ingestion, data-team; admin for you). Each user's client settings:
          %s/<user>.properties
        e.g. kafka-console-consumer.sh --bootstrap-server %s --consumer.config %s/data-team.properties \\
               --group analytics-me --topic uploads.aggregates --from-beginning --isolation-level read_committed
        """
        .formatted(clientsDir, config.bootstrapServers(), clientsDir);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage();
      System.exit(2);
    }
    return args[i];
  }

  private static void usage() {
    System.out.println(
        """
        usage: java -jar local-stack.jar [up] [--data-dir DIR] [--kafka-port N] [--gateway-port N] [--kafka-auth]
               java -jar local-stack.jar watch UPLOAD_ID [--data-dir DIR] [--gateway-port N]
        """);
  }
}
