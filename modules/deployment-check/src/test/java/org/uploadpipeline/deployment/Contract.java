package org.uploadpipeline.deployment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;

/** What the code says deployments must match. */
final class Contract {

  static final String PROCESSOR = "processor-service";
  static final String GATEWAY = "gateway-service";
  static final String LIVENESS = "/actuator/health/liveness";
  static final String READINESS = "/actuator/health/readiness";
  static final String PROMETHEUS = "/actuator/prometheus";

  /** The environment variable that overrides each contract topic name, by the topic's default name. */
  static final Map<String, String> TOPIC_VARIABLES =
      Map.of(
          Topics.DEFAULT_JOBS, "TOPIC_JOBS",
          Topics.DEFAULT_PROGRESS, "TOPIC_PROGRESS",
          Topics.DEFAULT_AGGREGATES, "TOPIC_AGGREGATES",
          Topics.DEFAULT_JOBS_DEAD_LETTER, "TOPIC_JOBS_DLQ",
          Topics.DEFAULT_COMMANDS, "TOPIC_COMMANDS");

  private Contract() {}

  /** Topic name → the configs it must be created with, from {@link Topics#defaults()}. */
  static Map<String, Map<String, String>> topicConfigs() {
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    for (Topic<?, ?> topic : Topics.defaults().all()) {
      configs.put(topic.name(), topic.configs());
    }
    return configs;
  }
}
