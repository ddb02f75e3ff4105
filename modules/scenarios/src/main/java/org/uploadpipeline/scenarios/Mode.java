package org.uploadpipeline.scenarios;

import java.time.Duration;

/**
 * How hard the scenarios push: {@link #CI} is the short version {@code ./test.sh} runs (one kill per scenario, small
 * files), {@link #FULL} the documented full run.
 *
 * @param name {@code ci} or {@code full}
 * @param rows rows per upload
 * @param uploads uploads of the processor-kill scenario
 * @param kills SIGKILLs of the processor in that scenario (the last one while an upload completes)
 * @param brokerOutage how long the broker stays stopped in the outage scenario
 * @param viewers viewers attached when a gateway is killed
 * @param soak how long the two-tenant soak runs
 */
record Mode(String name, int rows, int uploads, int kills, Duration brokerOutage, int viewers, Duration soak) {

  static final Mode CI = new Mode("ci", 20_000, 2, 1, Duration.ofSeconds(5), 100, Duration.ofSeconds(30));
  static final Mode FULL = new Mode("full", 100_000, 5, 10, Duration.ofSeconds(30), 100, Duration.ofMinutes(5));

  static Mode named(String name) {
    return switch (name) {
      case "ci" -> CI;
      case "full" -> FULL;
      default -> throw new IllegalArgumentException("--mode is ci or full, not " + name);
    };
  }
}
