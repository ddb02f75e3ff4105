package org.uploadpipeline.scenarios;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.localstack.ServiceOverrides;

/**
 * Runs the fault scenarios against one local stack (broker, processors and gateways as processes, loopback only) and
 * prints each one's figures, then a summary and a closing {@code N passed, N failed} line.
 *
 * <pre>
 * java -Dlocal-stack.home=modules/local-stack/target \
 *     -cp 'modules/scenarios/target/scenarios.jar:modules/scenarios/target/lib/*' \
 *     org.uploadpipeline.scenarios.ScenarioRunner [--mode ci|full] [--seed N] [--only name,name] [--data-dir DIR]
 * </pre>
 *
 * Exit code 0 when every scenario passed. Every wait is bounded, so a run ends by itself.
 */
public final class ScenarioRunner {

  /** Slow reading (about 4,000 rows a second), so that a fault lands mid-file even in small uploads. */
  static final ServiceOverrides SLOW_READING =
      new ServiceOverrides(
          List.of("-Xmx512m"),
          Map.of(
              "PROCESSOR_CHUNKROWS", "200",
              "PROCESSOR_MAXCHUNKSPERROUND", "1",
              "PROCESSOR_READINTERVAL", "50ms",
              // A static member killed for good hands its tasks over after this, not after 45 s.
              "PROCESSOR_SESSION_TIMEOUT", "10s"),
          Map.of(
              // Stalls are told after seconds, not 30 s: the processor-down scenario waits for one.
              "GATEWAY_STALL_AFTER", ProcessorScenarios.STALL_AFTER.toString(),
              // The viewers, one machine standing for many people, reconnect at once after a gateway dies: the
              // per-address limits before authentication are for the public, not for this one address.
              "GATEWAY_PREAUTH_MAXSESSIONSPERADDRESS", "10000",
              "GATEWAY_PREAUTH_HANDSHAKESPERSECONDPERADDRESS", "10000",
              "GATEWAY_PREAUTH_HANDSHAKEBURSTPERADDRESS", "10000"));

  private ScenarioRunner() {}

  /** Scenarios in the order they run: processors, broker, gateways, then the soak. */
  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>(ProcessorScenarios.all());
    all.addAll(BrokerScenarios.all());
    all.addAll(GatewayScenarios.all());
    all.add(new SoakScenario());
    return all;
  }

  /** What a run found. */
  record Summary(int passed, int failed, Map<String, String> failures) {}

  public static void main(String[] args) throws Exception {
    Mode mode = Mode.FULL;
    long seed = ThreadLocalRandom.current().nextLong();
    Set<String> only = Set.of();
    Path dataDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = Mode.named(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    Summary summary = run(mode, seed, dataDir == null ? Files.createTempDirectory("scenarios") : dataDir, only,
        System.out);
    System.exit(summary.failed() == 0 ? 0 : 1);
  }

  static Summary run(Mode mode, long seed, Path dataDir, Set<String> only, PrintStream out) throws Exception {
    out.printf("Fault scenarios, mode %s, seed %d (rerun with --seed %d), data in %s%n", mode.name(), seed, seed,
        dataDir);
    int passed = 0;
    Map<String, String> failures = new LinkedHashMap<>();
    Map<String, Map<String, String>> figures = new LinkedHashMap<>();
    try (LocalStack stack = LocalStack.start(LocalStackConfig.onFreePorts(dataDir), SLOW_READING);
        ScenarioContext ctx = new ScenarioContext(stack, mode, seed, out)) {
      for (Scenario scenario : scenarios()) {
        if (!only.isEmpty() && !only.contains(scenario.name())) {
          continue;
        }
        out.printf("%n== %s%n", scenario.name());
        long start = System.nanoTime();
        try {
          scenario.run(ctx);
          passed++;
          out.printf("   passed in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
        } catch (AssertionError | Exception e) {
          failures.put(scenario.name(), String.valueOf(e));
          out.printf("   FAILED after %d s: %s%n", (System.nanoTime() - start) / 1_000_000_000L, e);
        }
        Map<String, String> found = ctx.takeFigures();
        found.forEach((name, value) -> out.printf("   %-45s %s%n", name, value));
        figures.put(scenario.name(), found);
      }
    }
    out.printf("%nSummary (mode %s, seed %d)%n", mode.name(), seed);
    figures.forEach((name, found) -> out.printf("  %-26s %s %s%n", name,
        failures.containsKey(name) ? "FAILED" : "ok", found));
    out.printf("%d passed, %d failed%n", passed, failures.size());
    return new Summary(passed, failures.size(), failures);
  }
}
