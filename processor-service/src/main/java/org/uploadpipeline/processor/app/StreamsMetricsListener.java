package org.uploadpipeline.processor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * spring-kafka's binding of Kafka Streams metrics to Micrometer, looking for new metrics every {@code refresh}
 * instead of Micrometer's 60 s: the per-partition consumer lag (chunks in flight) exists only once partitions are
 * assigned, after the app started.
 */
final class StreamsMetricsListener extends KafkaStreamsMicrometerListener {

  private final Duration refresh;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "streams-metrics-refresh");
    thread.setDaemon(true);
    return thread;
  });

  StreamsMetricsListener(MeterRegistry registry, Duration refresh) {
    super(registry);
    this.refresh = refresh;
  }

  @Override
  protected MeterBinder createClientMetrics(KafkaStreams streams, List<Tag> tags) {
    return new KafkaStreamsMetrics(streams, tags, refresher, refresh);
  }
}
