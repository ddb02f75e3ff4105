package org.uploadpipeline.bench.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How big each phase of {@link GatewaySuite} runs, from {@code name=value} arguments; the defaults are the full-size
 * figures, a smoke run passes smaller ones.
 *
 * @param connects measured connects per auth mode ({@code connect=1000})
 * @param connectWarmUp connects before measuring, per auth mode ({@code connectWarmUp=2000}, 6,000 in all: the JIT
 *     keeps compiling the connect path for a few thousand connects, and the goal is for a warm gateway)
 * @param hopSeconds how long each hop scenario produces updates ({@code hopSeconds=15})
 * @param fanoutViewers viewers of the one upload of the fan-out phase ({@code fanout=10000})
 * @param fanoutUpdates updates one second apart to them ({@code fanoutUpdates=20})
 * @param memorySessions idle sessions whose memory is measured ({@code memory=19000})
 * @param restartSnapshots snapshots of distinct uploads produced before the restarts ({@code restart=1000000})
 * @param gatewayJvmArgs the gateway's JVM options, space separated ({@code gatewayJvm="-Xmx1g ..."}); by default the
 *     image's flags ({@code pom.xml}, {@code gateway-service/pom.xml}) with a fixed {@code -Xmx1g} in place of the
 *     container-relative heap percentages, which on this 24 GiB machine would mean an 18 GiB heap
 */
record SuiteSizes(
    int connects,
    int connectWarmUp,
    int hopSeconds,
    int fanoutViewers,
    int fanoutUpdates,
    int memorySessions,
    int restartSnapshots,
    List<String> gatewayJvmArgs) {

  static final String IMAGE_FLAGS =
      "-Xmx1g -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20";

  private static final Set<String> NAMES =
      Set.of("connect", "connectWarmUp", "hopSeconds", "fanout", "fanoutUpdates", "memory", "restart",
          "gatewayJvm");

  static SuiteSizes parse(Iterable<String> assignments) {
    Map<String, String> values = new HashMap<>();
    for (String assignment : assignments) {
      String[] parts = assignment.split("=", 2);
      if (parts.length != 2 || !NAMES.contains(parts[0])) {
        throw new IllegalArgumentException("unknown size " + assignment + "; known: " + NAMES);
      }
      values.put(parts[0], parts[1]);
    }
    return new SuiteSizes(
        number(values, "connect", 1000),
        number(values, "connectWarmUp", 2000),
        number(values, "hopSeconds", 15),
        number(values, "fanout", 10_000),
        number(values, "fanoutUpdates", 20),
        number(values, "memory", 19_000),
        number(values, "restart", 1_000_000),
        List.of(values.getOrDefault("gatewayJvm", IMAGE_FLAGS).trim().split("\\s+")));
  }

  private static int number(Map<String, String> values, String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
  }
}
