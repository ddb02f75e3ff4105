package org.uploadpipeline.gateway.upload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.TraceParent;

/**
 * Produces the API's records to a contract topic (upload jobs, commands), keyed by upload id, and waits for the
 * broker's acknowledgement before the API answers {@code 202}.
 *
 * @param <V> the topic's value
 */
class ContractPublisher<V> {

  private final KafkaTemplate<String, V> template;
  private final Topic<String, V> topic;
  private final Duration timeout;
  private final String what;

  /** @param what the record in words, for the 503 that says it was not written ({@code the upload job}) */
  ContractPublisher(KafkaTemplate<String, V> template, Topic<String, V> topic, Duration timeout, String what) {
    this.template = template;
    this.topic = topic;
    this.timeout = timeout;
    this.what = what;
  }

  /**
   * @param trace the request's trace context, carried in the record's {@code traceparent} header; null for none
   * @throws ApiException 503 when the record was not acknowledged in time
   */
  void publish(String uploadId, V value, TraceParent trace) {
    ProducerRecord<String, V> record = new ProducerRecord<>(topic.name(), uploadId, value);
    if (trace != null) {
      record.headers().add(TraceParent.HEADER, trace.header().getBytes(StandardCharsets.US_ASCII));
    }
    try {
      template.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while submitting " + what);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      // KafkaException: refused before sending (no metadata for the topic within max.block.ms, a closed producer).
      throw ApiException.unavailable(what + " could not be submitted; try again");
    }
  }
}
