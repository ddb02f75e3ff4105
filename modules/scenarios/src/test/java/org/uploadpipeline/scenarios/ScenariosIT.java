package org.uploadpipeline.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenarios in their short version (one kill per scenario, small files, a 30 s soak), as part of
 * {@code ./test.sh}; the full version is {@link ScenarioRunner} with {@code --mode full} (docs/RELIABILITY.md).
 */
class ScenariosIT {

  @TempDir Path dataDir;

  @Test
  void everyFaultScenarioEndsWithExactResultsAndNothingBackwards() throws Exception {
    long seed = Long.getLong("scenarios.seed", System.nanoTime());

    ScenarioRunner.Summary summary = ScenarioRunner.run(Mode.CI, seed, dataDir, Set.of(), System.out);

    assertThat(summary.failures()).as("failed scenarios (seed " + seed + ")").isEmpty();
    assertThat(summary.passed()).isEqualTo(ScenarioRunner.scenarios().size());
  }
}
