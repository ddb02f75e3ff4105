package org.uploadpipeline.gateway.upload;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.UploadJob;

/** Produces upload jobs keyed by upload id, and waits for the broker's acknowledgement before the API answers 202. */
class JobPublisher {

  private final KafkaTemplate<String, UploadJob> template;
  private final Topic<String, UploadJob> jobs;
  private final Duration timeout;

  JobPublisher(KafkaTemplate<String, UploadJob> template, Topic<String, UploadJob> jobs, Duration timeout) {
    this.template = template;
    this.jobs = jobs;
    this.timeout = timeout;
  }

  /**
   * @throws ApiException 503 when the job was not acknowledged in time
   */
  void publish(UploadJob job) {
    try {
      template.send(jobs.name(), job.uploadId(), job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while submitting the upload job");
    } catch (ExecutionException | TimeoutException e) {
      throw ApiException.unavailable("the upload job could not be submitted; try again");
    }
  }
}
