package org.uploadpipeline.scenarios;

/** One fault scenario: drives uploads, injects its faults, and throws {@link AssertionError} when a result is off. */
interface Scenario {

  /** A short name, for {@code --only} and the report. */
  String name();

  void run(ScenarioContext ctx) throws Exception;
}
