package org.uploadpipeline.gateway.progress;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.uploadpipeline.gateway.GatewayProperties;

@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

  @Bean
  SnapshotStore snapshotStore(
      GatewayProperties properties, KafkaProperties kafka, SnapshotListener listener, MeterRegistry registry) {
    return new SnapshotStore(
        String.join(",", kafka.getBootstrapServers()),
        properties.snapshots(),
        properties.contractTopics().progress(),
        listener,
        registry);
  }

  @Bean
  SnapshotStoreHealthIndicator snapshotStoreHealthIndicator(SnapshotStore store) {
    return new SnapshotStoreHealthIndicator(store);
  }
}
