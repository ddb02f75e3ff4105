package org.uploadpipeline.processor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.uploadpipeline.processor.ingest.ChunkerMetrics;
import org.uploadpipeline.processor.model.IgnoredCommand;
import org.uploadpipeline.processor.topology.UploadFailingExceptionHandler;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The pipeline's own meters, beside Kafka Streams' (chunks in flight are the consumer lag of the chunks repartition
 * topic there): rows by result, uploads by outcome and how long they took, each chunk's lag from read to counted,
 * and commands skipped by reason. No meter is labelled by upload, user or tenant.
 */
final class PipelineMetrics implements TrackerMetrics, ChunkerMetrics {

  private final Counter foreignTenant;
  private final Counter validRows;
  private final Counter invalidRows;
  /** By terminal status. */
  private final Map<UploadStatus, Counter> finished = new EnumMap<>(UploadStatus.class);
  private final Map<IgnoredCommand, Counter> ignoredCommands = new EnumMap<>(IgnoredCommand.class);
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
    for (UploadStatus status : UploadStatus.values()) {
      if (status.isTerminal()) {
        finished.put(status, uploads(registry, status));
      }
    }
    for (IgnoredCommand reason : IgnoredCommand.values()) {
      ignoredCommands.put(reason, Counter.builder("processor.commands.ignored").tag("reason", reason.tag())
          .description("Records of uploads.commands that changed nothing, by reason").register(registry));
    }
    uploadDuration = Timer.builder("processor.upload.duration")
        .description("From an upload's job accepted to its completed, failed or cancelled snapshot")
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
    Counter counter = finished.get(outcome);
    if (counter != null) {
      counter.increment();
    }
    uploadDuration.record(took);
  }

  @Override
  public void commandIgnored(IgnoredCommand reason) {
    ignoredCommands.get(reason).increment();
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
