package org.uploadpipeline.gateway.progress;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.KafkaConnection;

@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

  /** Every listener bean, in their order: the tenant index first, so a board joining sees what its fan-out will. */
  @Bean
  SnapshotStore snapshotStore(
      GatewayProperties properties,
      KafkaConnection kafka,
      List<SnapshotListener> listeners,
      MeterRegistry registry) {
    return new SnapshotStore(
        kafka,
        properties.snapshots(),
        properties.contractTopics().progress(),
        SnapshotListener.all(listeners),
        registry);
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  TenantIndex tenantIndex(GatewayProperties properties, Clock clock) {
    GatewayProperties.Progress progress = properties.progress();
    return new TenantIndex(progress.boardSize(), progress.boardWindow(), clock);
  }

  @Bean
  SnapshotStoreHealthIndicator snapshotStoreHealthIndicator(SnapshotStore store) {
    return new SnapshotStoreHealthIndicator(store);
  }
}
