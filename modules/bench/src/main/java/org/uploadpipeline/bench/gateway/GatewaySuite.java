package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway measured in one run against the real local stack (broker, processor and gateway as processes; the
 * processor stopped once up, see {@link GatewayUnderTest}), phase by phase:
 * <ol>
 *   <li>{@code connect}: sequential connect + auth + first state, token in the query against first-message auth,
 *       with the gateway's CPU per connect ({@link ConnectPhase});
 *   <li>{@code hop}: append → viewer against append → plain consumer of the same records ({@link HopPhase});
 *   <li>{@code fanout}: updates to many viewers of one upload, time to the last viewer ({@link FanoutPhase});
 *   <li>{@code memory}: RSS and heap per idle session ({@link MemoryPhase});
 *   <li>{@code restart}: live ingest rate of the store, then warm and cold restart to readiness ({@link RestartPhase}).
 * </ol>
 * Each phase prints labelled result lines as it goes, and the run ends with a markdown table of all of them. Every
 * wait is bounded and a timeout is printed as such. Usage:
 * {@code GatewaySuite [connect,hop,fanout,memory,restart] [workDir] [connect=1000 connectWarmUp=200 hopSeconds=15
 * fanout=10000 fanoutUpdates=20 memory=19000 restart=1000000 gatewayJvm="-Xmx1g ..."]}.
 */
public final class GatewaySuite {

  private static final List<String> PHASES = List.of("connect", "hop", "fanout", "memory", "restart");

  private GatewaySuite() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    Set<String> phases = new LinkedHashSet<>(PHASES);
    if (!rest.isEmpty() && !rest.get(0).contains("=")) {
      phases = new LinkedHashSet<>(Arrays.asList(rest.remove(0).split(",")));
      if (!PHASES.containsAll(phases)) {
        throw new IllegalArgumentException("phases: " + PHASES + ", got " + phases);
      }
    }
    Path work = Path.of(!rest.isEmpty() && !rest.get(0).contains("=") ? rest.remove(0) : "target/bench-gateway")
        .toAbsolutePath();
    SuiteSizes sizes = SuiteSizes.parse(rest);
    System.out.println("gateway suite: phases " + phases + ", " + sizes + ", work dir " + work + "; load average "
        + loadAverage());
    List<ResultRow> rows = new ArrayList<>();
    try (GatewayUnderTest gateway = GatewayUnderTest.start(work, sizes.gatewayJvmArgs())) {
      System.out.println("gateway pid " + gateway.pid() + " on port " + gateway.port() + ", broker "
          + gateway.bootstrapServers() + " (processor stopped); gateway command line: " + gateway.commandLine());
      for (String phase : PHASES) {
        if (phases.contains(phase)) {
          rows.addAll(runPhase(phase, gateway, sizes));
        }
      }
    }
    System.out.println();
    System.out.println(ResultRow.HEADER);
    rows.forEach(row -> System.out.println(row.markdown()));
    // The client loops and Kafka clients are gone by now; exit even if a library left a non-daemon thread behind.
    System.exit(rows.stream().anyMatch(row -> row.measure().equals("FAILED")) ? 1 : 0);
  }

  /** Runs one phase; a failure is printed and becomes a FAILED row, and the next phase still runs. */
  private static List<ResultRow> runPhase(String phase, GatewayUnderTest gateway, SuiteSizes sizes) {
    System.out.println();
    System.out.println("=== " + phase + " (load average " + loadAverage() + ")");
    long start = System.nanoTime();
    try {
      List<ResultRow> rows =
          switch (phase) {
            case "connect" -> new ConnectPhase(gateway, sizes).run();
            case "hop" -> new HopPhase(gateway, sizes).run();
            case "fanout" -> new FanoutPhase(gateway, sizes).run();
            case "memory" -> new MemoryPhase(gateway, sizes).run();
            case "restart" -> new RestartPhase(gateway, sizes).run();
            default -> throw new IllegalArgumentException("no phase " + phase);
          };
      System.out.printf(java.util.Locale.ROOT, "=== %s done in %.0f s (load average %s)%n", phase,
          (System.nanoTime() - start) / 1e9, loadAverage());
      return rows;
    } catch (Exception e) {
      System.out.println("=== " + phase + " FAILED: " + e);
      e.printStackTrace(System.out);
      return List.of(new ResultRow(phase, "FAILED", e.toString()));
    }
  }

  /** The 1, 5 and 15 minute load averages: the machine is shared, so every figure is read next to them. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
