package org.uploadpipeline.gateway.progress;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.CleanupConfig;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.FileSystemUtils;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.KafkaConnection;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;

/**
 * Runs the Kafka Streams app of {@link SnapshotStoreTopology} through spring-kafka's {@link StreamsBuilderFactoryBean}
 * (its metrics bound to Micrometer, the store's lag among them), starts it with the application without blocking it,
 * closes it on shutdown, and answers point lookups of the latest snapshot of an upload.
 */
public class SnapshotStore implements SmartLifecycle {

  /** Below the web server's start/stop phase, Spring Boot's {@code DEFAULT_PHASE - 2048}. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

  private static final int GLOBAL_MAX_POLL_RECORDS = 10_000;
  private static final int GLOBAL_FETCH_BYTES = 32 * 1024 * 1024;
  private static final int GLOBAL_RECEIVE_BUFFER = 1024 * 1024;

  private final GatewayProperties.Snapshots settings;
  private final Path stateDir;
  private final StreamsBuilderFactoryBean factory;
  /** Parses a stored record (the store keeps the topic's bytes). */
  private final Deserializer<ProgressSnapshot> reader;
  /**
   * The app, taken from the factory's customizer as it is created. Never asked of the factory: its
   * {@code getKafkaStreams()} waits for the lock its {@code start()} holds until the store caught up, and the state
   * listener (told RUNNING on the global thread before that start returns) looks snapshots up.
   */
  private volatile KafkaStreams streams;
  /** The store's query handle while RUNNING (asking Streams for it per lookup showed in the connect profile). */
  private volatile ReadOnlyKeyValueStore<String, byte[]> queryable;
  private volatile Thread starter;
  private volatile boolean stopping;

  /** @param listener told of each accepted snapshot, and each time the store starts serving */
  public SnapshotStore(
      KafkaConnection kafka,
      GatewayProperties.Snapshots settings,
      Topic<String, ProgressSnapshot> progress,
      SnapshotListener listener,
      MeterRegistry registry) {
    this.settings = settings;
    this.reader = progress.valueSerde().deserializer();
    this.stateDir = settings.instanceStateDir(UUID.randomUUID().toString());
    // Owned here, not a bean: its start blocks until the store caught up, so it runs on a thread of its own.
    factory = new StreamsBuilderFactoryBean(
        streamsConfig(settings, kafka, stateDir), new CleanupConfig(false, settings.ephemeralState()));
    factory.setAutoStartup(false);
    // The name the metrics binding keys the app by (a bean would get it from the container).
    factory.setBeanName("snapshotStore");
    factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
      @Override
      public void configureTopology(Topology topology) {
        SnapshotStoreTopology.addTo(topology, progress, listener);
      }
    });
    factory.setKafkaStreamsCustomizer(created -> streams = created);
    factory.setStateListener((newState, oldState) -> {
      log.info("Snapshot store {} -> {}", oldState, newState);
      queryable = null; // taken again on the next lookup, from the app in its new state
      if (newState == KafkaStreams.State.RUNNING) {
        listener.onStoreRunning(this);
      }
    });
    factory.setStreamsUncaughtExceptionHandler(e -> {
      log.error("Snapshot store failed; readiness goes DOWN", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    factory.setCloseTimeout((int) Math.max(1, settings.closeTimeout().toSeconds()));
    factory.addListener(new KafkaStreamsMicrometerListener(registry, metricsScheduler()));
    try {
      // What the container would do for a bean: create the builder, then build the topology.
      factory.afterPropertiesSet();
      factory.afterSingletonsInstantiated();
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the snapshot store's Kafka Streams", e);
    }
  }

  /** The latest snapshot of an upload, or empty when the store has none (or is not running yet). */
  public Optional<StoredSnapshot> latest(String uploadId) {
    KafkaStreams current = streams;
    if (current == null || current.state() != KafkaStreams.State.RUNNING) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, byte[]> store = queryStore();
      byte[] json = store == null ? null : store.get(uploadId);
      // Only values that passed the same read are stored.
      return json == null ? Optional.empty() : StoredSnapshot.read(json, reader);
    } catch (InvalidStateStoreException e) {
      // Raced with a state change (e.g. shutdown): the caller treats it as "not known yet".
      return Optional.empty();
    }
  }

  /**
   * Every stored snapshot, read as the store keeps it (header only until asked), on the calling thread; stops early
   * when the store stops serving. Returns how many were read.
   */
  public long forEachStored(Consumer<StoredSnapshot> action) {
    long read = 0;
    try {
      ReadOnlyKeyValueStore<String, byte[]> store = queryStore();
      if (store == null) {
        return 0;
      }
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        while (all.hasNext()) {
          Optional<StoredSnapshot> stored = StoredSnapshot.read(all.next().value, reader);
          if (stored.isPresent()) {
            action.accept(stored.get());
            read++;
          }
        }
      }
    } catch (InvalidStateStoreException e) {
      log.info("The store stopped serving while it was read whole, after {} snapshots", read);
    }
    return read;
  }

  /** The store's query handle, or null when it is not running; may throw while the state changes. */
  private ReadOnlyKeyValueStore<String, byte[]> queryStore() {
    ReadOnlyKeyValueStore<String, byte[]> store = queryable;
    if (store == null) {
      KafkaStreams current = streams;
      if (current == null || current.state() != KafkaStreams.State.RUNNING) {
        return null;
      }
      store =
          current.store(
              StoreQueryParameters.fromNameAndType(
                  SnapshotStoreTopology.STORE_NAME, QueryableStoreTypes.keyValueStore()));
      queryable = store;
    }
    return store;
  }

  /** Whether the store is up to date with the topic and serving. */
  public boolean isServing() {
    KafkaStreams current = streams;
    return current != null && current.state() == KafkaStreams.State.RUNNING;
  }

  /** The Streams app state, for health reporting. */
  public String state() {
    KafkaStreams current = streams;
    return current == null ? "NOT_STARTED" : current.state().name();
  }

  @Override
  public void start() {
    stopping = false;
    // KafkaStreams.start() blocks until the global store has caught up with the topic, which takes as long as Kafka is
    // unreachable. Starting in the background keeps the application up (live, not ready) meanwhile; readiness follows
    // the store's state.
    Thread thread =
        new Thread(
            () -> {
              try {
                factory.start();
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
    if (factory.isRunning()) {
      // Closes the app, and with ephemeral state cleans its state up (the factory's CleanupConfig).
      factory.stop();
    } else {
      closeUnstarted();
    }
    if (settings.ephemeralState()) {
      // Nobody will ever reopen a random state directory: leave no garbage behind.
      try {
        FileSystemUtils.deleteRecursively(stateDir);
      } catch (IOException e) {
        log.warn("Could not remove the snapshot store state directory {}", stateDir);
      }
    }
    streams = null;
    queryable = null;
    starter = null;
  }

  @Override
  public boolean isRunning() {
    return starter != null;
  }

  /** A start that failed or was interrupted leaves an app the factory does not count as running: close it here. */
  private void closeUnstarted() {
    KafkaStreams unstarted = streams;
    if (unstarted != null && unstarted.close(settings.closeTimeout()) && settings.ephemeralState()) {
      try {
        unstarted.cleanUp();
      } catch (IllegalStateException e) {
        log.warn("Could not clean up the snapshot store's state", e);
      }
    }
  }

  /**
   * Starts before the web server (the start does not block) and stops only after it: during graceful shutdown the
   * viewer sessions being drained still get their updates, and a lookup never meets a closed store.
   */
  @Override
  public int getPhase() {
    return PHASE;
  }

  private static KafkaStreamsConfiguration streamsConfig(
      GatewayProperties.Snapshots settings, KafkaConnection kafka, Path stateDir) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    // Only committed snapshots: an aborted processor transaction must never reach a viewer (seq would go backwards).
    config.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
        IsolationLevel.READ_COMMITTED.toString());
    // Larger fetches: a cold start replays the whole topic (1M uploads ≈ 300 MB), and the defaults (1 MiB a partition,
    // 1,000 records a poll, a 64 KiB socket buffer) made it a series of small round trips.
    config.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), GLOBAL_MAX_POLL_RECORDS);
    config.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), GLOBAL_FETCH_BYTES);
    config.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.RECEIVE_BUFFER_CONFIG), GLOBAL_RECEIVE_BUFFER);
    config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SnapshotStoreRocksDbConfig.class);
    // One unreadable key on the shared topic must not take every viewer's progress down with it (values are bytes:
    // LatestSnapshotProcessor refuses an unreadable one itself).
    config.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
    return new KafkaStreamsConfiguration(config);
  }

  /** Micrometer looks for new Kafka metrics on it (spring-kafka's binder needs a scheduler of its own here). */
  private static ThreadPoolTaskScheduler metricsScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("snapshot-store-metrics-");
    scheduler.setDaemon(true);
    scheduler.initialize();
    return scheduler;
  }
}
