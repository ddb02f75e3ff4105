package org.uploadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code java -jar local-stack.jar}) as a user runs it, as a process of its own: it refuses busy ports,
 * reports a service that dies and brings it back, and leaves no process behind however it is stopped, at start-up or
 * later, by SIGTERM or SIGKILL (each service carries a watchdog of the launcher).
 */
class LocalStackSupervisionIT {

  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration GONE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<Process> launchers = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process launcher : launchers) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  @Test
  void refusesBusyPortsRestartsADeadServiceAndLeavesNothingBehindWhenKilled() throws Exception {
    LocalStackConfig config = LocalStackConfig.onFreePorts(dir.resolve("stack"));
    Launcher first = launch(config);
    first.awaitOutput("The local stack is up.", START);
    assertThat(services(first.process())).hasSize(3);

    Launcher second = launch(new LocalStackConfig(dir.resolve("other"), config.kafkaPort(), config.gatewayPort()));
    assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process().exitValue()).isEqualTo(1);
    assertThat(second.output()).contains("Port " + config.kafkaPort() + " (Kafka) is already in use");
    assertThat(second.process().descendants()).isEmpty();

    // SIGTERM to a processor busy with a large file: it stops by itself within its grace period...
    ProcessHandle processor = service(first.process(), "processor-service.jar").orElseThrow();
    postLargeUpload(config);
    processor.destroy();
    long stopAsked = System.nanoTime();
    processor.onExit().get(30, TimeUnit.SECONDS);
    long stopSeconds = (System.nanoTime() - stopAsked) / 1_000_000_000L;
    assertThat(stopSeconds).as("seconds to stop after SIGTERM").isLessThan(30);
    // ...and the launcher says so at once and brings it back.
    first.awaitOutput("The processor (pid " + processor.pid() + ") exited", Duration.ofSeconds(10));
    first.awaitOutput("The processor is back", START);
    assertThat(service(first.process(), "processor-service.jar")).get().matches(ProcessHandle::isAlive);

    List<ProcessHandle> children = services(first.process());
    first.process().destroyForcibly();
    awaitAllGone(children);
  }

  @Test
  void launcherStoppedDuringStartUpLeavesNothingBehind() throws Exception {
    // SIGTERM once the broker runs: the shutdown hook stops what has started, and what is starting.
    Launcher terminated = launch(LocalStackConfig.onFreePorts(dir.resolve("term")));
    List<ProcessHandle> started = awaitService(terminated.process(), "kafka.Kafka");
    terminated.process().destroy();
    awaitAllGone(started);
    awaitAllGone(services(terminated.process()));

    // SIGKILL once the processor is starting: no hook runs; the services' watchdogs stop them.
    Launcher killed = launch(LocalStackConfig.onFreePorts(dir.resolve("kill")));
    awaitService(killed.process(), "processor-service.jar");
    List<ProcessHandle> children = services(killed.process());
    killed.process().destroyForcibly();
    awaitAllGone(children);
  }

  private record Launcher(Process process, Path outputFile) {
    String output() throws IOException {
      return Files.readString(outputFile, StandardCharsets.UTF_8);
    }

    void awaitOutput(String text, Duration timeout) {
      Awaitility.await("launcher output: " + text).atMost(timeout).pollInterval(Duration.ofMillis(200))
          .until(() -> output().contains(text));
    }
  }

  private Launcher launch(LocalStackConfig config) throws IOException {
    Path jar = Path.of("target", "local-stack.jar").toAbsolutePath();
    assertThat(jar).as("the packaged launcher (Failsafe runs after package)").isRegularFile();
    Files.createDirectories(config.dataDir());
    Path output = config.dataDir().resolve("launcher.out");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "up", "--data-dir", config.dataDir().toString(),
                "--kafka-port", Integer.toString(config.kafkaPort()),
                "--gateway-port", Integer.toString(config.gatewayPort()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    launchers.add(process);
    return new Launcher(process, output);
  }

  /** The launcher's service processes (broker, processor, gateway) alive now. */
  private static List<ProcessHandle> services(Process launcher) {
    return launcher.descendants().filter(ProcessHandle::isAlive).toList();
  }

  private static Optional<ProcessHandle> service(Process launcher, String commandPart) {
    return launcher.descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(commandPart)).orElse(false))
        .findFirst();
  }

  private static List<ProcessHandle> awaitService(Process launcher, String commandPart) {
    Awaitility.await("a child running " + commandPart).atMost(START).pollInterval(Duration.ofMillis(100))
        .until(() -> service(launcher, commandPart).isPresent());
    return services(launcher);
  }

  private static void awaitAllGone(List<ProcessHandle> processes) {
    Awaitility.await("every service of the launcher gone").atMost(GONE).pollInterval(Duration.ofMillis(200))
        .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** A million rows: the processor is still reading when it is asked to stop. */
  private static void postLargeUpload(LocalStackConfig config) throws Exception {
    Path csv = config.dataDir().resolve("large.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("fecha,producto,cantidad,total\n");
      for (int i = 0; i < 1_000_000; i++) {
        out.write("2026-11-" + (10 + i % 20) + ",P" + (i % 500) + ",1," + (i % 100) + ".50\n");
      }
    }
    String token = Files.readString(config.dataDir().resolve("demo-token")).trim();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(
                config.gatewayUrl() + "/api/uploads?date=fecha&product=producto&quantity=cantidad&amount=total"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofFile(csv))
            .build();
    assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(202);
  }
}
