package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.uploadpipeline.devtokens.Hs256Tokens;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.localstack.ServiceOverrides;

/**
 * The real local stack (broker, processor and gateway as processes, on free ports) with its processor stopped once
 * it is up, so that the gateway alone competes with the generator for the two cores and nothing else writes the
 * progress topic. The gateway runs with a fixed instance id, so its snapshot store survives a restart unless wiped
 * (warm and cold restarts are then both measurable, as with a pod's emptyDir in production).
 */
final class GatewayUnderTest implements AutoCloseable {

  /** Destination addresses of the viewers: the gateway listens on all, and each gives a new range of source ports. */
  static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");

  static final String INSTANCE_ID = "suite-gateway";
  private static final Duration PORTS_FREE_TIMEOUT = Duration.ofSeconds(30);

  private final LocalStack stack;
  /** Every pid the stack ran, to check at the end that none outlived it. */
  private final List<Long> pids = new ArrayList<>();

  private GatewayUnderTest(LocalStack stack) {
    this.stack = stack;
  }

  static GatewayUnderTest start(Path workDir, List<String> gatewayJvmArgs) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path dataDir = workDir.resolve("stack-" + UUID.randomUUID().toString().substring(0, 8));
    Map<String, String> gatewayEnv = new HashMap<>();
    gatewayEnv.put("GATEWAY_INSTANCE_ID", INSTANCE_ID);
    // The viewers connect to several loopback addresses (HOSTS), not only 127.0.0.1.
    gatewayEnv.put("SERVER_ADDRESS", "0.0.0.0");
    // Thousands of viewers from one machine, many authenticating by first message: the limits before
    // authentication (per client address) are for the public, not for a load generator.
    gatewayEnv.put("GATEWAY_PRE_AUTH_MAX_SESSIONS", "20000");
    gatewayEnv.put("GATEWAY_PREAUTH_MAXSESSIONSPERADDRESS", "20000");
    gatewayEnv.put("GATEWAY_PREAUTH_HANDSHAKESPERSECONDPERADDRESS", "100000");
    gatewayEnv.put("GATEWAY_PREAUTH_HANDSHAKEBURSTPERADDRESS", "100000");
    ServiceOverrides overrides =
        new ServiceOverrides(ServiceOverrides.DEFAULT_JVM_ARGS, Map.of(), gatewayJvmArgs, gatewayEnv);
    LocalStack stack = LocalStack.start(LocalStackConfig.onFreePorts(dataDir), overrides);
    GatewayUnderTest gateway = new GatewayUnderTest(stack);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "gateway-suite-stop"));
    gateway.pids.add(stack.pid(LocalStack.BROKER));
    gateway.pids.add(stack.pid(LocalStack.PROCESSOR));
    gateway.pids.add(stack.pid(LocalStack.GATEWAY));
    stack.stop(LocalStack.PROCESSOR);
    return gateway;
  }

  long pid() {
    return stack.pid(LocalStack.GATEWAY);
  }

  int port() {
    return stack.config().gatewayPort();
  }

  String bootstrapServers() {
    return stack.config().bootstrapServers();
  }

  Path log() {
    return stack.log(LocalStack.GATEWAY);
  }

  /** A viewer token of the bench tenant for user {@code subject}, valid for two hours. */
  String token(String subject) {
    return Hs256Tokens.signedWith(stack.jwtSecret())
        .subject(subject)
        .tenants(SnapshotFeed.TENANT)
        .validFor(Duration.ofHours(2))
        .sign();
  }

  /** The gateway's command line, as the operating system shows it. */
  String commandLine() throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline"));
    return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
  }

  Prometheus scrape() throws IOException, InterruptedException {
    return Prometheus.scrape(port());
  }

  /**
   * Longer than the gateway takes to end a session whose peer vanished unnoticed (ping every 25 s, 20 s for the
   * pong): a session still counted after this is one the gateway lost track of.
   */
  static final Duration SESSIONS_GONE = Duration.ofSeconds(60);

  /** Waits until the gateway holds no viewer session ({@code gateway_ws_sessions_active} 0), so phases do not mix. */
  boolean awaitNoSessions(Duration timeout) {
    double[] last = {Double.NaN};
    return Waits.until(
        () -> {
          try {
            last[0] = scrape().sum("gateway_ws_sessions_active", labels -> true).orElse(Double.NaN);
            return last[0] == 0;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
          }
        },
        timeout,
        "the gateway's sessions to close",
        () -> "gateway_ws_sessions_active " + last[0]);
  }

  /** Stops the gateway gracefully (SIGTERM to its pid; SIGKILL after the local stack's grace period). */
  void stop() {
    stack.stop(LocalStack.GATEWAY);
  }

  /** Deletes the stopped gateway's state directory: the next start restores its store from the topic. */
  void wipeState() throws IOException {
    stack.wipeState(LocalStack.GATEWAY);
  }

  /** Starts the stopped gateway; returns once its readiness answers 200 (the local stack's own check). */
  void start() throws IOException, InterruptedException {
    stack.restart(LocalStack.GATEWAY);
    pids.add(pid());
  }

  /**
   * Stops every service (the local stack stops each process by its own handle, in reverse order, and waits for it to
   * exit), then checks that none of the pids is alive and the stack's ports can be bound again.
   */
  @Override
  public void close() {
    stack.close();
    List<Long> alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .toList();
    LocalStackConfig config = stack.config();
    List<Integer> ports = List.of(config.kafkaPort(), config.controllerPort(), config.gatewayPort());
    boolean free = Waits.until(() -> ports.stream().allMatch(GatewayUnderTest::canBind), PORTS_FREE_TIMEOUT,
        "the stack's ports " + ports + " to be free", () -> "still taken");
    System.out.println("stack stopped: "
        + (alive.isEmpty() ? "no process left of pids " + pids : "STILL ALIVE " + alive) + "; ports " + ports
        + (free ? " free" : " NOT free"));
  }

  /** As the services bind: with SO_REUSEADDR, on the wildcard address (a listener anywhere counts). */
  private static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
