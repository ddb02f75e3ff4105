package org.uploadpipeline.processor.app;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Health of the Kafka Streams instance ({@code streams} in the liveness and readiness groups): UP while it runs or
 * rebalances, OUT_OF_SERVICE before it started or while it shuts down, DOWN once it failed for good. The liveness group
 * maps OUT_OF_SERVICE to 200, so only a dead Streams instance gets the pod restarted; readiness waits for a start.
 */
@Component
class StreamsHealthIndicator implements HealthIndicator {

  private final StreamsBuilderFactoryBean streams;

  StreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    KafkaStreams running = streams.getKafkaStreams();
    if (running == null) {
      return Health.outOfService().withDetail("state", "NOT_STARTED").build();
    }
    KafkaStreams.State state = running.state();
    Health.Builder builder =
        switch (state) {
          case RUNNING, REBALANCING -> Health.up();
          case CREATED, PENDING_SHUTDOWN -> Health.outOfService();
          case ERROR, PENDING_ERROR, NOT_RUNNING -> Health.down();
        };
    return builder.withDetail("state", state.name()).build();
  }
}
