package org.uploadpipeline.processor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.topology.UploadFailingExceptionHandler;
import org.uploadpipeline.processor.topology.UploadTopology;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.Topics;

/** Owns the Kafka Streams instance: config, start after the topics exist, and a clean close on shutdown. */
@Component
class StreamsRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ProcessorProperties properties;
  private final TrackerMetrics metrics;
  private volatile KafkaStreams streams;
  private SourceOpener opener;

  StreamsRunner(ProcessorProperties properties, MeterRegistry registry) {
    this.properties = properties;
    Counter foreign = Counter.builder("processor.events.foreign.tenant")
        .description("Events naming another tenant than their upload's owner, ignored")
        .register(registry);
    this.metrics = foreign::increment;
  }

  @Override
  public void start() {
    Topics topics = properties.topics().toTopics();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers()))) {
      TopicInitializer.createMissing(admin, topics, properties.topicPartitions());
    }
    opener = new SourceOpener(properties.allowedFileRoots(), properties.remoteSources());
    Topology topology =
        UploadTopology.build(topics, properties.chunking(), opener, properties.tracking(), metrics);
    streams = new KafkaStreams(topology, streamsConfig());
    // A crashed thread is replaced; exactly-once means its work resumes from the last commit.
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
    streams.start();
  }

  @Override
  public void stop() {
    KafkaStreams running = streams;
    if (running != null) {
      running.close(CLOSE_TIMEOUT);
      streams = null;
    }
    if (opener != null) {
      try {
        opener.close();
      } catch (IOException e) {
        log.warn("Could not close the source opener", e);
      }
      opener = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** The running instance, for health checks and tests. */
  KafkaStreams streams() {
    return streams;
  }

  private Properties streamsConfig() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    config.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toAbsolutePath().toString());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
    config.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) properties.sessionTimeout().toMillis());
    config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // Behind each step's own guards: whatever still throws fails its upload, and the stream goes on.
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, UploadFailingExceptionHandler.class);
    if (properties.instanceId() != null && !properties.instanceId().isBlank()) {
      // Kafka Streams suffixes it per stream thread.
      config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), properties.instanceId());
    }
    // -1: internal topics take the broker's default replication factor.
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    return config;
  }
}
