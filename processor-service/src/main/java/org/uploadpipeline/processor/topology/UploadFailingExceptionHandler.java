package org.uploadpipeline.processor.topology;

import io.micrometer.core.instrument.Metrics;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.processor.ingest.ChunkerOutput;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.JsonSerde;

/**
 * The last line behind the per-upload guards of each step: an exception that still escapes a node while it processes a
 * record fails that record's upload, with the exception named, and the stream goes on. It never stops the stream
 * thread (which would retry the same record forever and stall every tenant) and never skips silently: it logs, counts
 * {@code processor.records.failed}, and sends a {@link UploadEvent.Failed} to the tracker's input topic.
 *
 * <p>Kafka Streams 4.1 cannot forward from a handler, so the failure is sent by a producer of the handler's own. It is
 * not part of the stream's transaction: when the transaction aborts and the record is processed again, the failure may
 * be sent twice, which is harmless, as a finished upload changes no more.
 */
public final class UploadFailingExceptionHandler implements ProcessingExceptionHandler {

  /** Counts the records handled here; registered up front by the service so it is scraped before the first. */
  public static final String FAILED_RECORDS_METER = "processor.records.failed";

  private static final Logger log = LoggerFactory.getLogger(UploadFailingExceptionHandler.class);

  private final Function<Map<String, Object>, Producer<String, UploadEvent>> producerFactory;
  private Map<String, Object> producerConfig;
  /** Made on first use: most runs never need it. */
  private Producer<String, UploadEvent> producer;
  private String eventsTopic;

  /** As Kafka Streams makes it (from {@code processing.exception.handler}). */
  public UploadFailingExceptionHandler() {
    this(config -> new KafkaProducer<>(config, new StringSerializer(), JsonSerde.of(UploadEvent.class).serializer()));
  }

  UploadFailingExceptionHandler(Function<Map<String, Object>, Producer<String, UploadEvent>> producerFactory) {
    this.producerFactory = producerFactory;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    eventsTopic = configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + UploadTopology.EVENTS_TOPIC + "-repartition";
    producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    // The app's own credentials (SASL, TLS): on a secured broker a producer without them is refused.
    configs.forEach((key, value) -> {
      if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
        producerConfig.put(key, value);
      }
    });
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-failures");
  }

  @Override
  public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Metrics.counter(FAILED_RECORDS_METER).increment();
    log.error("Node {} of task {} threw on a record with key {}; failing its upload and going on",
        context.processorNodeId(), context.taskId(), record == null ? null : record.key(), exception);
    UploadEvent event = record == null ? null : asEvent(record.value());
    if (event != null) {
      String details = "Unexpected " + exception.getClass().getName() + " in step " + context.processorNodeId()
          + ": " + exception.getMessage();
      if (producer == null) {
        producer = producerFactory.apply(producerConfig);
      }
      producer.send(new ProducerRecord<>(eventsTopic, event.uploadId(),
          new UploadEvent.Failed(event.uploadId(), event.tenantId(), details)), (meta, error) -> {
            if (error != null) {
              log.error("Upload {}: could not send its failure", event.uploadId(), error);
            }
          });
    }
    return ProcessingHandlerResponse.CONTINUE;
  }

  /** The event a record carries (as the chunker emits it, or on its own), which names its upload and tenant. */
  private static UploadEvent asEvent(Object value) {
    if (value instanceof ChunkerOutput.Event output) {
      return output.event();
    }
    return value instanceof UploadEvent event ? event : null;
  }
}
