package org.uploadpipeline.localstack;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.KafkaAccess;
import org.uploadpipeline.protocol.KafkaClientSecurity;
import org.uploadpipeline.protocol.Topics;

/**
 * The whole system on one machine: a KRaft broker process, the contract topics, and the processor and gateway as
 * processes of their own, exactly as they run in production but for the addresses. {@link #close()} stops them in
 * reverse order, each gracefully.
 *
 * <p>The stack owns its services: it refuses to start on a port something else holds, checks that the broker it
 * talks to is its own (by cluster id), loads a watchdog into each service so that none outlives the launcher (also on
 * SIGKILL), and, when asked to {@link #supervise}, restarts a service that dies. Harnesses start further processor and
 * gateway instances, kill and restart any service by name.
 */
public final class LocalStack implements AutoCloseable {

  /** The processor's Kafka Streams application id, which is also its consumer group. */
  static final String PROCESSOR_APPLICATION_ID = "upload-processor";

  public static final String BROKER = "broker";
  public static final String PROCESSOR = "processor";
  public static final String GATEWAY = "gateway";

  /** System property naming the install directory, when this class is not loaded from it. */
  public static final String HOME_PROPERTY = "local-stack.home";

  /**
   * Where the services listen: the processor always, the gateway unless {@code SERVER_ADDRESS} is overridden
   * ({@code LOCAL_STACK_GATEWAY_ADDRESS}).
   */
  public static final String LOOPBACK = "127.0.0.1";

  /** Browser origins the local stack's gateway accepts besides its own: pages served from this machine. */
  public static final String BROWSER_ORIGINS = "http://localhost:[*],http://127.0.0.1:[*]";

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int TOPIC_PARTITIONS = 3;
  private static final int MAX_RESTARTS = 3;

  private final LocalStackConfig config;
  private final ServiceOverrides overrides;
  private final Path installDir;
  private final String secret;
  /** Null: a plaintext broker (the default); else its SASL/SCRAM users, one per service. */
  private final KafkaUsers kafkaUsers;
  /** Services in start order, by name; guarded by {@code this}. */
  private final Map<String, Service> services = new LinkedHashMap<>();
  private boolean closed;

  /** A service of the stack: how it starts and becomes ready, and its current process. */
  private static final class Service {
    final String name;
    final Starter starter;
    ChildProcess process;
    /** Stopped or killed on purpose: the supervisor leaves it down. */
    boolean down;
    int restarts;

    Service(String name, Starter starter) {
      this.name = name;
      this.starter = starter;
    }
  }

  /** Starts a service's process and returns once it is ready. */
  @FunctionalInterface
  private interface Starter {
    ChildProcess start(Service service) throws IOException, InterruptedException;
  }

  private LocalStack(
      LocalStackConfig config, ServiceOverrides overrides, Path installDir, String secret, KafkaUsers kafkaUsers) {
    this.config = config;
    this.overrides = overrides;
    this.installDir = installDir;
    this.secret = secret;
    this.kafkaUsers = kafkaUsers;
  }

  /** A stack that has not started anything yet: a launcher registers its shutdown hook, then calls {@link #start()}. */
  public static LocalStack create(LocalStackConfig config, ServiceOverrides overrides) throws IOException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.uploadsDir());
    return new LocalStack(config, overrides, installDir(), DemoToken.secret(config.dataDir()), null);
  }

  /**
   * The stack with a broker that authenticates and authorizes, as Kubernetes runs it: SASL/SCRAM-SHA-512 over TLS
   * only, the processor and the gateway each with their own user and exactly the ACLs of
   * {@link org.uploadpipeline.protocol.KafkaAccess}, plus the ingestion and data-team users ({@link #kafkaClient}).
   *
   * @throws IllegalStateException when the data directory holds a broker formatted without authentication
   */
  public static LocalStack startWithKafkaAuthentication(LocalStackConfig config)
      throws IOException, InterruptedException {
    LocalStack stack = createWithKafkaAuthentication(config, ServiceOverrides.NONE);
    stack.start();
    return stack;
  }

  /** As {@link #startWithKafkaAuthentication}, not started yet (see {@link #create}). */
  public static LocalStack createWithKafkaAuthentication(LocalStackConfig config, ServiceOverrides overrides)
      throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    Files.createDirectories(config.uploadsDir());
    return new LocalStack(config, overrides, installDir(), DemoToken.secret(config.dataDir()),
        KafkaUsers.load(config.dataDir()));
  }

  /**
   * Where the Kafka client settings of each user are ({@code <user>.properties}, for {@code --command-config} of the
   * Kafka tools or any client), or null when the broker does not authenticate.
   */
  public Path kafkaClientsDir() {
    return kafkaUsers == null ? null : config.dataDir().resolve("kafka-clients");
  }

  /**
   * How a client of {@code user} (the admin, or a user of {@link org.uploadpipeline.protocol.KafkaAccess})
   * connects to this stack's broker; plaintext when the broker does not authenticate.
   */
  public KafkaClientSecurity kafkaClient(String user) {
    return kafkaUsers == null ? KafkaClientSecurity.plaintext() : kafkaUsers.client(user);
  }

  /** Starts broker, topics, processor and gateway, and returns once the gateway is ready to serve. */
  public static LocalStack start(LocalStackConfig config) throws IOException, InterruptedException {
    return start(config, ServiceOverrides.NONE);
  }

  /** Starts the stack with the services' JVM options and environment changed as the overrides say. */
  public static LocalStack start(LocalStackConfig config, ServiceOverrides overrides)
      throws IOException, InterruptedException {
    LocalStack stack = create(config, overrides);
    stack.start();
    return stack;
  }

  /**
   * Starts every service, in order, each ready before the next; on any failure stops what started and rethrows.
   *
   * @throws IllegalStateException when a port is taken (before anything starts), or a service fails to start
   */
  public void start() throws IOException, InterruptedException {
    try {
      PortCheck.requireFree(config.kafkaPort(), "Kafka", "--kafka-port");
      PortCheck.requireFree(config.controllerPort(), "the KRaft controller", "--kafka-port");
      PortCheck.requireFree(config.gatewayPort(), "the gateway", "--gateway-port");
      log.info("Starting Kafka (KRaft) on {}; data in {}", config.bootstrapServers(), config.dataDir());
      startService(BROKER, this::startBroker);
      try (Admin admin = admin()) {
        createTopics(admin);
        if (kafkaUsers != null) {
          kafkaUsers.grant(admin, Topics.defaults(), PROCESSOR_APPLICATION_ID);
          kafkaUsers.writeClientSettings(kafkaClientsDir());
        }
      }
      startService(PROCESSOR, this::startProcessor);
      startService(GATEWAY, service -> startGateway(service, config.gatewayPort()));
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
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

  /** The log file of a service ({@code broker}, {@code processor}, {@code gateway}, or an added instance's name). */
  public Path log(String service) {
    return config.logsDir().resolve(service + ".log");
  }

  /** The operating-system process id of a running service. */
  public synchronized long pid(String service) {
    ChildProcess process = service(service).process;
    if (process == null || !process.isAlive()) {
      throw new IllegalArgumentException("service " + service + " is not running");
    }
    return process.pid();
  }

  /** Whether the service's process is alive. */
  public synchronized boolean isRunning(String service) {
    Service s = services.get(service);
    return s != null && s.process != null && s.process.isAlive();
  }

  /** Starts another processor instance (own state directory and static member name), sharing the work; ready once
   * the group is stable again. */
  public void addProcessor(String name) throws IOException, InterruptedException {
    startService(name, this::startProcessor);
  }

  /** Starts another gateway instance on {@code port}; returns once it is ready. */
  public void addGateway(String name, int port) throws IOException, InterruptedException {
    startService(name, service -> startGateway(service, port));
  }

  /** SIGKILLs a service and waits for it to be gone: a crash, as the operating system or a node failure makes it. */
  public void kill(String service) {
    ChildProcess process = markDown(service);
    if (process != null) {
      process.kill();
    }
  }

  /** Stops a service gracefully (SIGTERM, then SIGKILL after the grace period). */
  public void stop(String service) {
    ChildProcess process = markDown(service);
    if (process != null) {
      process.stop();
    }
  }

  /** Deletes a stopped processor's local state, as a new pod on a new node would start. */
  public void wipeState(String service) throws IOException {
    if (isRunning(service)) {
      throw new IllegalStateException(service + " is running");
    }
    Path dir = config.stateDir(service);
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** Starts a service again (stopping it first if it runs); returns once it is ready. */
  public void restart(String service) throws IOException, InterruptedException {
    Service s = service(service);
    stop(service);
    launch(s);
  }

  /** Stops the gateway and starts it again, as an operator's restart would; returns when it is ready. */
  public void restartGateway() throws IOException, InterruptedException {
    restart(GATEWAY);
  }

  /**
   * Watches the services from a background thread: when one dies that was not stopped on purpose, {@code say} is told
   * at once and the service is restarted after 1, 2, then 4 s; after {@value #MAX_RESTARTS} restarts of one service
   * the stack gives up: it says so, stops everything, and runs {@code gaveUp}.
   */
  public void supervise(Consumer<String> say, Runnable gaveUp) {
    Thread supervisor = new Thread(() -> superviseLoop(say, gaveUp), "local-stack-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  @Override
  public void close() {
    List<Service> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>(services.values());
      stopping.forEach(s -> s.down = true);
    }
    for (int i = stopping.size() - 1; i >= 0; i--) {
      ChildProcess process = stopping.get(i).process;
      if (process != null && process.isAlive()) {
        log.info("Stopping {}", process.name());
        process.stop();
      }
    }
  }

  private void superviseLoop(Consumer<String> say, Runnable gaveUp) {
    try {
      while (true) {
        TimeUnit.MILLISECONDS.sleep(500);
        for (Service service : crashed()) {
          ChildProcess dead = service.process;
          say.accept("The " + service.name + " (pid " + dead.pid() + ") exited with code " + dead.exitValue()
              + "; see " + dead.log());
          if (service.restarts >= MAX_RESTARTS) {
            say.accept("The " + service.name + " keeps failing (" + MAX_RESTARTS + " restarts); stopping the stack.");
            close();
            gaveUp.run();
            return;
          }
          long backoff = 1L << service.restarts++;
          say.accept("Restarting the " + service.name + " in " + backoff + " s (restart " + service.restarts + " of "
              + MAX_RESTARTS + ")");
          TimeUnit.SECONDS.sleep(backoff);
          try {
            launch(service);
            say.accept("The " + service.name + " is back (pid " + service.process.pid() + ")");
          } catch (IOException | RuntimeException e) {
            say.accept("The " + service.name + " did not come back: " + e.getMessage());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized List<Service> crashed() {
    if (closed) {
      return List.of();
    }
    return services.values().stream()
        .filter(s -> !s.down && s.process != null && !s.process.isAlive())
        .toList();
  }

  private synchronized Service service(String name) {
    Service service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("no service " + name);
    }
    return service;
  }

  private synchronized ChildProcess markDown(String name) {
    Service service = service(name);
    service.down = true;
    return service.process;
  }

  private void startService(String name, Starter starter) throws IOException, InterruptedException {
    Service service = new Service(name, starter);
    synchronized (this) {
      if (services.containsKey(name)) {
        throw new IllegalArgumentException("service " + name + " exists already");
      }
      services.put(name, service);
    }
    launch(service);
  }

  private void launch(Service service) throws IOException, InterruptedException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the local stack is stopping");
      }
    }
    service.starter.start(service);
    synchronized (this) {
      service.down = false;
      if (closed) {
        // Stopped while it started (Ctrl-C during start-up): never leave it behind.
        service.process.stop();
        throw new IllegalStateException("the local stack is stopping");
      }
    }
  }

  /** Starts the child and records it at once, so a close from another thread stops it even mid start-up. */
  private ChildProcess spawn(Service service, List<String> jvmArgs, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> withWatchdog = new ArrayList<>(watchdog());
    withWatchdog.addAll(jvmArgs);
    ChildProcess child = ChildProcess.startJava(service.name, withWatchdog, args, env, config.logsDir());
    synchronized (this) {
      service.process = child;
      if (closed) {
        child.stop();
        throw new IllegalStateException("the local stack is stopping");
      }
    }
    return child;
  }

  private ChildProcess startBroker(Service service) throws IOException, InterruptedException {
    String clusterId = BrokerProcess.prepare(config, brokerClasspath(), watchdog(), kafkaUsers);
    ChildProcess broker =
        spawn(service, BrokerProcess.JVM_ARGS, BrokerProcess.args(config, brokerClasspath()), Map.of());
    try (Admin admin = admin()) {
      await("Kafka", broker, () -> brokerAnswers(admin));
      String answering = answeringClusterId(admin);
      if (!clusterId.equals(answering)) {
        throw new IllegalStateException("The broker answering on " + config.bootstrapServers()
            + " is not this stack's (cluster " + answering + ", expected " + clusterId + ")");
      }
    }
    return broker;
  }

  private ChildProcess startProcessor(Service service) throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(overrides.processorEnv());
    env.putAll(kafkaEnv(KafkaAccess.PROCESSOR_USER));
    env.putAll(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
            "UPLOAD_STORAGE_DIR", config.uploadsDir().toAbsolutePath().toString(),
            "PROCESSOR_APPLICATION_ID", PROCESSOR_APPLICATION_ID,
            // A stable name of this data directory's: after a restart the processor takes its tasks back without a
            // rebalance wait, and no other stack's processor can fence it.
            "PROCESSOR_INSTANCE_ID", InstanceIds.processor(config.dataDir(), service.name),
            "PROCESSOR_STATE_DIR", config.stateDir(service.name).toAbsolutePath().toString()));
    // Its management port, so that readiness means what it says: Kafka Streams RUNNING in this very process.
    int managementPort = freePort();
    env.put("PROCESSOR_HTTP_PORT", Integer.toString(managementPort));
    env.put("SERVER_ADDRESS", LOOPBACK);
    env.put("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS", "always");
    log.info("Starting the {}", service.name);
    ChildProcess processor =
        spawn(service, overrides.processorJvmArgs(), List.of("-jar", serviceJar("processor-service").toString()),
            env);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (Admin admin = admin()) {
      await("the " + service.name, processor, () -> processorJoined(admin) && streamsRunning(http, managementPort));
    }
    return processor;
  }

  private ChildProcess startGateway(Service service, int port) throws IOException, InterruptedException {
    log.info("Starting the {} on port {}", service.name, port);
    Map<String, String> env = new HashMap<>();
    // This machine only, unless asked otherwise: the demo token and the open browser origins are a laptop's.
    env.put("SERVER_ADDRESS", LOOPBACK);
    env.putAll(kafkaEnv(KafkaAccess.GATEWAY_USER));
    env.putAll(overrides.gatewayEnv());
    env.putAll(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
            "SERVER_PORT", Integer.toString(port),
            "JWT_HS256_SECRET", secret,
            // What the demo token (DemoToken) carries: the gateway requires an issuer and an audience.
            "JWT_ISSUER", DemoToken.ISSUER,
            "JWT_AUDIENCE", DemoToken.AUDIENCE,
            "UPLOAD_STORAGE_DIR", config.uploadsDir().toAbsolutePath().toString(),
            "GATEWAY_STATE_DIR", config.stateDir(service.name).toAbsolutePath().toString(),
            // The demo page at /demo/ (a laptop's demo; off by default everywhere else).
            "GATEWAY_DEMO_ENABLED", "true",
            // A frontend's dev server on this machine (Vite's 5173, CRA's 3000, any port) may use the gateway.
            "GATEWAY_ALLOWED_ORIGINS", BROWSER_ORIGINS));
    ChildProcess gateway =
        spawn(service, overrides.gatewayJvmArgs(), List.of("-jar", serviceJar("gateway-service").toString()), env);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await("the " + service.name, gateway, () -> gatewayReady(http, port));
    return gateway;
  }

  /** The watchdog agent option, loading {@link ParentWatchdog} alone from a jar of its own in the data directory. */
  private List<String> watchdog() throws IOException {
    Path jar = ParentWatchdog.agentJar(config.dataDir());
    return List.of("-javaagent:" + jar + "=" + ProcessHandle.current().pid());
  }

  private Admin admin() {
    Map<String, Object> admin = new HashMap<>(kafkaClient(KafkaUsers.ADMIN).clientProperties());
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return Admin.create(admin);
  }

  /** A service's Kafka credentials; none on a plaintext broker. */
  private Map<String, String> kafkaEnv(String user) {
    return kafkaUsers == null ? Map.of() : kafkaUsers.serviceEnv(user);
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

  private static String answeringClusterId(Admin admin) throws InterruptedException {
    try {
      return admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the broker's cluster id: " + e.getMessage(), e);
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

  /** The processor's readiness, with details: its Kafka Streams instance is RUNNING (not merely rebalancing). */
  private static boolean streamsRunning(HttpClient http, int port) {
    return ready(http, port, body -> body.contains("\"state\":\"RUNNING\""));
  }

  private static boolean gatewayReady(HttpClient http, int port) {
    return ready(http, port, body -> true);
  }

  /** {@code /actuator/health/readiness} on the port answers 200 with a body that passes the check. */
  private static boolean ready(HttpClient http, int port, Predicate<String> body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && body.test(response.body());
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
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
