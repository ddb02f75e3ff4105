package org.uploadpipeline.gateway.progress;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP once the snapshot store has caught up with the progress topic and serves lookups; part of readiness. */
class SnapshotStoreHealthIndicator implements HealthIndicator {

  private final SnapshotStore store;

  SnapshotStoreHealthIndicator(SnapshotStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    Health.Builder builder = store.isServing() ? Health.up() : Health.outOfService();
    return builder.withDetail("state", store.state()).build();
  }
}
