package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.processor.ingest.ChunkerOutput;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.JsonSerde;

class UploadFailingExceptionHandlerTest {

  private final MockProducer<String, UploadEvent> producer =
      new MockProducer<>(true, null, new StringSerializer(), JsonSerde.of(UploadEvent.class).serializer());
  private final UploadFailingExceptionHandler handler = new UploadFailingExceptionHandler(config -> producer);

  @BeforeEach
  void configure() {
    handler.configure(Map.of(
        StreamsConfig.APPLICATION_ID_CONFIG, "upload-processor", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "x:9092"));
  }

  @Test
  void failsTheRecordsUploadNamingTheExceptionAndGoesOn() {
    Record<String, UploadEvent> record =
        new Record<>("u-1/3", new UploadEvent.Accepted("u-1", "acme", Instant.EPOCH), 0L);

    ProcessingHandlerResponse response =
        handler.handle(context("validate-chunks"), record, new IllegalArgumentException("Unknown pattern letter: b"));

    assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
    assertThat(producer.history()).singleElement().satisfies(sent -> {
      assertThat(sent.topic()).isEqualTo("upload-processor-upload-events-repartition");
      assertThat(sent.key()).isEqualTo("u-1");
      assertThat(sent.value()).isEqualTo(new UploadEvent.Failed("u-1", "acme",
          "Unexpected java.lang.IllegalArgumentException in step validate-chunks: Unknown pattern letter: b"));
    });
  }

  @Test
  void failsTheUploadOfAnEventStillWrappedAsTheChunkerEmitsIt() {
    Record<String, ChunkerOutput> record = new Record<>(
        "u-2", new ChunkerOutput.Event(new UploadEvent.ReadFinished("u-2", "acme", 4)), 0L);

    handler.handle(context("only-events"), record, new IllegalStateException("boom"));

    assertThat(producer.history()).singleElement().satisfies(sent -> {
      assertThat(sent.key()).isEqualTo("u-2");
      assertThat(sent.value()).isEqualTo(new UploadEvent.Failed("u-2", "acme",
          "Unexpected java.lang.IllegalStateException in step only-events: boom"));
    });
  }

  @Test
  void aRecordThatNamesNoUploadIsLoggedAndCountedAndTheStreamGoesOn() {
    ProcessingHandlerResponse response =
        handler.handle(context("read-jobs"), new Record<>("k", new byte[] {1}, 0L), new IllegalStateException("x"));

    assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
    assertThat(producer.history()).isEmpty();
  }

  private static ErrorHandlerContext context(String node) {
    ErrorHandlerContext context = mock(ErrorHandlerContext.class);
    when(context.processorNodeId()).thenReturn(node);
    when(context.taskId()).thenReturn(new TaskId(0, 0));
    return context;
  }
}
