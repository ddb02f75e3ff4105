package org.uploadpipeline.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.Topics;

/**
 * The whole system on one machine: a KRaft broker process, the contract topics, and the processor and gateway as
 * processes of their own, exactly as they run in production but for the addresses. {@link #close()} stops them in
 * reverse order, each gracefully.
 */
public final class LocalStack implements AutoCloseable {

  /** The processor's Kafka Streams application id, which is also its consumer group. */
  static final String PROCESSOR_APPLICATION_ID = "upload-processor";

  /** System property naming the install directory, when this class is not loaded from it. */
  public static final String HOME_PROPERTY = "local-stack.home";

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int TOPIC_PARTITIONS = 3;

  private final LocalStackConfig config;
  private final ServiceOverrides overrides;
  private final Path installDir;
  private final String secret;
  private final List<ChildProcess> children = new ArrayList<>();
  private ChildProcess gateway;

  private LocalStack(LocalStackConfig config, ServiceOverrides overrides, Path installDir, String secret) {
    this.config = config;
    this.overrides = overrides;
    this.installDir = installDir;
    this.secret = secret;
  }

  /** Starts broker, topics, processor and gateway, and returns once the gateway is ready to serve. */
  public static LocalStack start(LocalStackConfig config) throws IOException, InterruptedException {
    return start(config, ServiceOverrides.NONE);
  }

  /** Starts the stack with the services' JVM options and environment changed as the overrides say. */
  public static LocalStack start(LocalStackConfig config, ServiceOverrides overrides)
      throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.uploadsDir());
    LocalStack stack = new LocalStack(config, overrides, installDir(), DemoToken.secret(config.dataDir()));
    try {
      stack.startAll();
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  public LocalStackConfig config() {
    return config;
  }

  /** The HS256 secret the gateway verifies tokens with. */
  public String jwtSecret() {
    return secret;
  }

  /** A token for the demo tenant, valid for a day. */
  public String demoToken() {
    return DemoToken.mint(secret);
  }

  /** The log file of a service ({@code broker}, {@code processor}, {@code gateway}). */
  public Path log(String service) {
    return config.logsDir().resolve(service + ".log");
  }

  /** The operating-system process id of a running service ({@code broker}, {@code processor}, {@code gateway}). */
  public long pid(String service) {
    return children.stream()
        .filter(c -> c.name().equals(service))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no running service " + service))
        .pid();
  }

  /** Stops the gateway and starts it again, as an operator's restart would; returns when it is ready. */
  public void restartGateway() throws IOException, InterruptedException {
    gateway.stop();
    children.remove(gateway);
    startGateway();
  }

  @Override
  public void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      ChildProcess child = children.get(i);
      log.info("Stopping {}", child.name());
      child.stop();
    }
    children.clear();
  }

  private void startAll() throws IOException, InterruptedException {
    log.info("Starting Kafka (KRaft) on {}; data in {}", config.bootstrapServers(), config.dataDir());
    ChildProcess broker = BrokerProcess.start(config, brokerClasspath());
    children.add(broker);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      await("Kafka", broker, () -> brokerAnswers(admin));
      createTopics(admin);
      log.info("Starting the processor");
      Map<String, String> env = new HashMap<>(overrides.processorEnv());
      env.putAll(
          Map.of(
              "KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
              "UPLOAD_STORAGE_DIR", config.uploadsDir().toAbsolutePath().toString(),
              "PROCESSOR_APPLICATION_ID", PROCESSOR_APPLICATION_ID,
              // A stable name: after a restart the processor takes its tasks back without a rebalance wait.
              "PROCESSOR_INSTANCE_ID", "local-processor",
              "PROCESSOR_STATE_DIR", config.stateDir("processor").toAbsolutePath().toString()));
      ChildProcess processor =
          ChildProcess.startJava(
              "processor",
              overrides.processorJvmArgs(),
              List.of("-jar", serviceJar("processor-service").toString()),
              env,
              config.logsDir());
      children.add(processor);
      await("the processor", processor, () -> processorJoined(admin));
    }
    startGateway();
  }

  private void startGateway() throws IOException, InterruptedException {
    log.info("Starting the gateway on port {}", config.gatewayPort());
    Map<String, String> env = new HashMap<>(overrides.gatewayEnv());
    env.putAll(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
            "SERVER_PORT", Integer.toString(config.gatewayPort()),
            "JWT_HS256_SECRET", secret,
            "UPLOAD_STORAGE_DIR", config.uploadsDir().toAbsolutePath().toString(),
            "GATEWAY_STATE_DIR", config.stateDir("gateway").toAbsolutePath().toString(),
            // The demo page at /demo/ (a laptop's demo; off by default everywhere else).
            "GATEWAY_DEMO_ENABLED", "true"));
    gateway =
        ChildProcess.startJava(
            "gateway",
            List.of("-Xmx512m"),
            List.of("-jar", serviceJar("gateway-service").toString()),
            env,
            config.logsDir());
    children.add(gateway);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await("the gateway", gateway, () -> gatewayReady(http));
  }

  private void createTopics(Admin admin) throws InterruptedException {
    Topics topics = Topics.defaults();
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          topics.all().stream()
              .filter(t -> !existing.contains(t.name()))
              .map(t -> t.newTopic(TOPIC_PARTITIONS, (short) 1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the topics: " + e.getCause().getMessage(), e);
    }
  }

  private static boolean brokerAnswers(Admin admin) {
    try {
      admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The processor is up once its Streams application has joined its consumer group and the group is stable. */
  private static boolean processorJoined(Admin admin) {
    try {
      return admin.describeConsumerGroups(List.of(PROCESSOR_APPLICATION_ID)).all().get(2, TimeUnit.SECONDS)
          .get(PROCESSOR_APPLICATION_ID).groupState() == GroupState.STABLE;
    } catch (Exception e) {
      return false;
    }
  }

  private boolean gatewayReady(HttpClient http) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.gatewayUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void await(String what, ChildProcess process, BooleanSupplier ready) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      process.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not become ready in " + START_TIMEOUT + "; see " + process.log());
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    log.info("{} is ready", what);
  }

  private Path serviceJar(String name) {
    Path jar = installDir.resolve("services").resolve(name + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first with 'mvn -DskipTests package'");
    }
    return jar;
  }

  /** The broker runs from this module's own jar and its copied dependencies ({@code lib/}). */
  private String brokerClasspath() {
    String jar = installDir.resolve("local-stack.jar").toString();
    return jar + File.pathSeparator + installDir.resolve("lib") + File.separator + "*";
  }

  /**
   * The directory of {@code local-stack.jar}, {@code lib/} and {@code services/}: {@code target/} after a build. It is
   * where this class was loaded from, unless {@value #HOME_PROPERTY} names it (for harnesses that load this class from
   * a copy elsewhere).
   */
  private static Path installDir() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    try {
      Path location = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // From the jar: its directory. From classes (tests): target/classes → target.
      return location.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
