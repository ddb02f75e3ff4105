package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadStatus;

/** The job's trace context goes with the upload: in the header of every record it leads to, and in its snapshots. */
class TraceTopologyTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String JOB_TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final String CSV = "fecha,producto,cantidad,total\n2026-11-05,Café,2,12.10\n2026-11-06,Té,1,3.05\n";

  @TempDir Path dir;
  private TopologyHarness harness;

  @BeforeEach
  void start() {
    harness = new TopologyHarness(dir.resolve("state"), dir);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void everySnapshotAndAggregateOfATracedJobCarriesItsTrace() {
    harness.submitTraced(Jobs.inline("u1", CSV), JOB_TRACEPARENT);
    harness.runChunker();

    List<TestRecord<String, ProgressSnapshot>> snapshots = harness.snapshotRecords();
    assertThat(snapshots.get(snapshots.size() - 1).value().status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(snapshots).allSatisfy(record -> {
      assertThat(record.value().traceId()).isEqualTo(TRACE_ID);
      assertThat(traceIdOf(record.headers())).isEqualTo(TRACE_ID);
    });
    List<TestRecord<String, AggregateRow>> aggregates = harness.aggregateRecords();
    assertThat(aggregates).isNotEmpty()
        .allSatisfy(record -> assertThat(traceIdOf(record.headers())).isEqualTo(TRACE_ID));
  }

  @Test
  void aJobWithoutTraceContextOrWithAnInvalidOneIsProcessedWithoutATrace() {
    harness.submitTraced(Jobs.inline("u2", CSV), "not-a-traceparent");
    harness.submit(Jobs.inline("u3", CSV));
    harness.runChunker();

    assertThat(harness.snapshotRecords()).isNotEmpty().allSatisfy(record -> {
      assertThat(record.value().traceId()).isNull();
      assertThat(record.headers().lastHeader(TraceParent.HEADER)).isNull();
    });
  }

  private static String traceIdOf(Headers headers) {
    Header header = headers.lastHeader(TraceParent.HEADER);
    return header == null ? null : TraceParent.traceIdOf(new String(header.value(), StandardCharsets.US_ASCII));
  }
}
