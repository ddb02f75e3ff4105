package org.uploadpipeline.processor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.uploadpipeline.processor.topology.UploadFailingExceptionHandler;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The pipeline's own meters, beside Kafka Streams' (chunks in flight are the consumer lag of the chunks repartition
 * topic there): rows by result, uploads by outcome and how long they took, and each chunk's lag from read to
 * counted. No meter is labelled by upload, user or tenant.
 */
final class PipelineMetrics implements TrackerMetrics {

  private final Counter foreignTenant;
  private final Counter validRows;
  private final Counter invalidRows;
  private final Counter completed;
  private final Counter failed;
  private final Timer uploadDuration;
  private final Timer chunkLag;

  PipelineMetrics(MeterRegistry registry) {
    foreignTenant = Counter.builder("processor.events.foreign.tenant")
        .description("Events naming another tenant than their upload's owner, ignored")
        .register(registry);
    // Incremented by UploadFailingExceptionHandler (made by Kafka Streams, so it reaches the global registry);
    // registered here so it is scraped as 0 before the first failure.
    Counter.builder(UploadFailingExceptionHandler.FAILED_RECORDS_METER)
        .description("Records that threw past every guard and failed their upload")
        .register(registry);
    validRows = rows(registry, "valid");
    invalidRows = rows(registry, "invalid");
    completed = uploads(registry, UploadStatus.COMPLETED);
    failed = uploads(registry, UploadStatus.FAILED);
    uploadDuration = Timer.builder("processor.upload.duration")
        .description("From an upload's job accepted to its completed or failed snapshot")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
    chunkLag = Timer.builder("processor.chunk.lag")
        .description("From a chunk read by the chunker to its rows counted into the upload")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  @Override
  public void foreignTenantEventIgnored() {
    foreignTenant.increment();
  }

  @Override
  public void chunkTracked(long valid, long invalid, Duration sinceRead) {
    validRows.increment(valid);
    invalidRows.increment(invalid);
    chunkLag.record(sinceRead);
  }

  @Override
  public void uploadFinished(UploadStatus outcome, Duration took) {
    (outcome == UploadStatus.COMPLETED ? completed : failed).increment();
    uploadDuration.record(took);
  }

  private static Counter rows(MeterRegistry registry, String result) {
    return Counter.builder("processor.rows").tag("result", result)
        .description("Rows validated and counted into their upload, by result").register(registry);
  }

  private static Counter uploads(MeterRegistry registry, UploadStatus outcome) {
    return Counter.builder("processor.uploads").tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .description("Uploads finished, by outcome").register(registry);
  }
}
