package org.uploadpipeline.gateway.upload;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.uploadpipeline.protocol.Topic;

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
   * @throws ApiException 503 when the record was not acknowledged in time
   */
  void publish(String uploadId, V value) {
    try {
      template.send(topic.name(), uploadId, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while submitting " + what);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      // KafkaException: refused before sending (no metadata for the topic within max.block.ms, a closed producer).
      throw ApiException.unavailable(what + " could not be submitted; try again");
    }
  }
}
