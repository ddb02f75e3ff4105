package org.uploadpipeline.gateway.progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.FileSystemUtils;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;

/**
 * Owns the Kafka Streams app of {@link SnapshotStoreTopology}: starts it with the application, closes it on shutdown,
 * and answers point lookups of the latest snapshot of an upload.
 */
public class SnapshotStore implements SmartLifecycle {

  /** Below the web server's start/stop phase, Spring Boot's {@code DEFAULT_PHASE - 2048}. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

  private final String bootstrapServers;
  private final GatewayProperties.Snapshots settings;
  private final Topic<String, ProgressSnapshot> progress;
  private final SnapshotListener listener;
  private final Path stateDir;
  private volatile KafkaStreams streams;
  private volatile Thread starter;
  private volatile boolean stopping;

  /** @param listener told of each accepted snapshot, and each time the store starts serving */
  public SnapshotStore(
      String bootstrapServers,
      GatewayProperties.Snapshots settings,
      Topic<String, ProgressSnapshot> progress,
      SnapshotListener listener) {
    this.bootstrapServers = bootstrapServers;
    this.settings = settings;
    this.progress = progress;
    this.listener = listener;
    this.stateDir = settings.instanceStateDir(UUID.randomUUID().toString());
  }

  /** The latest snapshot of an upload, or empty when the store has none (or is not running yet). */
  public Optional<ProgressSnapshot> latest(String uploadId) {
    KafkaStreams current = streams;
    if (current == null || current.state() != KafkaStreams.State.RUNNING) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, ProgressSnapshot> store =
          current.store(
              StoreQueryParameters.fromNameAndType(
                  SnapshotStoreTopology.STORE_NAME, QueryableStoreTypes.keyValueStore()));
      return Optional.ofNullable(store.get(uploadId));
    } catch (InvalidStateStoreException e) {
      // Raced with a state change (e.g. shutdown): the caller treats it as "not known yet".
      return Optional.empty();
    }
  }

  /** Whether the store is up to date with the topic and serving. */
  public boolean isServing() {
    KafkaStreams current = streams;
    return current != null && current.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * How many records the store is behind the progress topic (the global consumer's {@code records-lag-max}), NaN
   * before it has fetched.
   */
  public double lagRecords() {
    KafkaStreams current = streams;
    if (current == null) {
      return Double.NaN;
    }
    for (Map.Entry<MetricName, ? extends Metric> metric : current.metrics().entrySet()) {
      MetricName name = metric.getKey();
      if ("records-lag-max".equals(name.name())
          && "consumer-fetch-manager-metrics".equals(name.group())
          && name.tags().getOrDefault("client-id", "").contains("global")
          && !name.tags().containsKey("topic")
          && metric.getValue().metricValue() instanceof Number lag) {
        return lag.doubleValue();
      }
    }
    return Double.NaN;
  }

  /** The Streams app state, for health reporting. */
  public String state() {
    KafkaStreams current = streams;
    return current == null ? "NOT_STARTED" : current.state().name();
  }

  @Override
  public void start() {
    stopping = false;
    KafkaStreams app = new KafkaStreams(SnapshotStoreTopology.build(progress, listener), streamsConfig());
    app.setStateListener(
        (newState, oldState) -> {
          log.info("Snapshot store {} -> {}", oldState, newState);
          if (newState == KafkaStreams.State.RUNNING) {
            listener.onStoreRunning(this);
          }
        });
    app.setUncaughtExceptionHandler(
        e -> {
          log.error("Snapshot store failed; readiness goes DOWN", e);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams = app;
    // KafkaStreams.start() blocks until the global store has caught up with the topic, which takes as long as Kafka is
    // unreachable. Starting in the background keeps the application up (live, not ready) meanwhile; readiness follows
    // the store's state.
    Thread thread =
        new Thread(
            () -> {
              try {
                app.start();
              } catch (RuntimeException e) {
                if (!stopping) {
                  log.error("Snapshot store failed to start; readiness stays DOWN", e);
                }
              }
            },
            "snapshot-store-start");
    thread.setDaemon(true);
    starter = thread;
    thread.start();
  }

  @Override
  public void stop() {
    KafkaStreams app = streams;
    if (app == null) {
      return;
    }
    stopping = true;
    Thread thread = starter;
    if (thread != null && thread.isAlive()) {
      // Ends a start() still waiting for Kafka: close() cannot begin before start() returns.
      thread.interrupt();
      try {
        thread.join(settings.closeTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean closed = app.close(settings.closeTimeout());
    if (closed && settings.ephemeralState()) {
      // Nobody will ever reopen a random state directory: leave no garbage behind.
      try {
        app.cleanUp();
        FileSystemUtils.deleteRecursively(stateDir);
      } catch (IllegalStateException | IOException e) {
        log.warn("Could not remove the snapshot store state directory {}", stateDir);
      }
    }
    streams = null;
    starter = null;
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /**
   * Starts before the web server (the start does not block) and stops only after it: during graceful shutdown the
   * viewer sessions being drained still get their updates, and a lookup never meets a closed store.
   */
  @Override
  public int getPhase() {
    return PHASE;
  }

  Properties streamsConfig() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    // Only committed snapshots: an aborted processor transaction must never reach a viewer (seq would go backwards).
    config.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
        IsolationLevel.READ_COMMITTED.toString());
    // One unreadable record on the shared topic must not take every viewer's progress down with it.
    config.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
    return config;
  }
}
