package org.uploadpipeline.processor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.UploadTracing;
import org.uploadpipeline.processor.topology.UploadFailingExceptionHandler;
import org.uploadpipeline.processor.topology.UploadTopology;
import org.uploadpipeline.protocol.KafkaClientSecurity;
import org.uploadpipeline.protocol.Topics;

/**
 * The Kafka Streams app, run by spring-kafka's {@link StreamsBuilderFactoryBean}: the contract topics created first,
 * the topology of {@link UploadTopology}, a crashed stream thread replaced, and Kafka Streams' own metrics bound to
 * Micrometer ({@link StreamsMetricsListener}), so {@code /actuator/prometheus} shows them beside the
 * pipeline's ({@link PipelineMetrics}).
 */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);
  private static final int CLOSE_TIMEOUT_SECONDS = 30;
  private static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

  /** Closed by Spring after the Streams app stopped (lifecycles stop before beans are destroyed). */
  @Bean(destroyMethod = "close")
  SourceOpener sourceOpener(ProcessorProperties properties) {
    return new SourceOpener(properties.allowedFileRoots(), properties.remoteSources());
  }

  /** How the processor authenticates to Kafka: {@code kafka.security.*} (README, "Kafka security"). */
  @Bean
  KafkaClientSecurity kafkaClientSecurity(Environment environment) {
    return Binder.get(environment)
        .bind("kafka.security", KafkaClientSecurity.class)
        .orElseGet(KafkaClientSecurity::plaintext);
  }

  @Bean
  PipelineMetrics pipelineMetrics(MeterRegistry registry) {
    return new PipelineMetrics(registry);
  }

  @Bean
  UploadTracing uploadTracing(Tracer tracer, Propagator propagator) {
    return new MicrometerUploadTracing(tracer, propagator);
  }

  @Bean
  StreamsBuilderFactoryBean uploadStreams(
      ProcessorProperties properties,
      SourceOpener opener,
      PipelineMetrics metrics,
      MeterRegistry registry,
      UploadTracing tracing,
      KafkaClientSecurity security) {
    Topics topics = properties.topics().toTopics();
    // Before the topology is built: its sources must exist, with the contract's partitions and configs.
    Map<String, Object> adminConfig = new HashMap<>(security.clientProperties());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    try (Admin admin = Admin.create(adminConfig)) {
      TopicInitializer.createMissing(admin, topics, properties.topicPartitions());
    }
    StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(streamsConfig(properties, security));
    factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
      @Override
      public void configureBuilder(StreamsBuilder builder) {
        UploadTopology.define(
            builder, topics, properties.chunking(), opener, metrics, properties.tracking(), metrics, tracing);
      }
    });
    // A crashed thread is replaced; exactly-once means its work resumes from the last commit.
    factory.setStreamsUncaughtExceptionHandler(e -> {
      log.error("Stream thread failed; replacing it", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    factory.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
    factory.setCloseTimeout(CLOSE_TIMEOUT_SECONDS);
    factory.addListener(new StreamsMetricsListener(registry, METRICS_REFRESH));
    return factory;
  }

  private static KafkaStreamsConfiguration streamsConfig(
      ProcessorProperties properties, KafkaClientSecurity security) {
    Map<String, Object> config = new HashMap<>(security.clientProperties());
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    config.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toAbsolutePath().toString());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
    config.put(StreamsConfig.POLL_MS_CONFIG, properties.pollInterval().toMillis());
    // A stream thread polls again only once it has processed all it holds: holding little, a new record (a cancel,
    // another tenant's job) waits behind a few of a large upload's chunks, not behind thousands.
    config.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, properties.bufferedRecordsPerPartition());
    config.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), properties.maxPollRecords());
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
    return new KafkaStreamsConfiguration(config);
  }
}
