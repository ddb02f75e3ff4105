package org.uploadpipeline.gateway.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.uploadpipeline.gateway.GatewayProperties;

@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

  @Bean
  SnapshotStore snapshotStore(GatewayProperties properties, KafkaProperties kafka, SnapshotListener listener) {
    return new SnapshotStore(
        String.join(",", kafka.getBootstrapServers()),
        properties.snapshots(),
        properties.contractTopics().progress(),
        listener);
  }

  /** {@code gateway.store.lag}: records of the progress topic the local store has not applied yet. */
  @Bean
  MeterBinder snapshotStoreMetrics(SnapshotStore store) {
    return meters ->
        Gauge.builder("gateway.store.lag", store, SnapshotStore::lagRecords)
            .description("Records of the progress topic not yet in the local snapshot store")
            .baseUnit("records")
            .register(meters);
  }

  @Bean
  SnapshotStoreHealthIndicator snapshotStoreHealthIndicator(SnapshotStore store) {
    return new SnapshotStoreHealthIndicator(store);
  }
}
