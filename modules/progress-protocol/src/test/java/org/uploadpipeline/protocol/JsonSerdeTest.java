package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<ProgressSnapshot> snapshots = JsonSerde.of(ProgressSnapshot.class);

  @Test
  void roundTripsEveryContractRecord() {
    assertRoundTrip(UploadJob.class, Samples.job());
    assertRoundTrip(ProgressSnapshot.class, Samples.processing());
    assertRoundTrip(ProgressSnapshot.class, Samples.completed());
    assertRoundTrip(ProgressSnapshot.class, Samples.failed());
    assertRoundTrip(ProgressSnapshot.class, Samples.cancelled());
    assertRoundTrip(AggregateRow.class, Samples.dailyAggregate());
    assertRoundTrip(UploadCommand.class, Samples.cancel());
  }

  @Test
  void aSnapshotOfAnOlderProcessorWithoutPaceReadsAsNoPaceAndNoEstimate() {
    String older = "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3,\"status\":\"processing\","
        + "\"stage\":\"processing\",\"percent\":40.0,\"message\":null,\"rowsProcessed\":400,\"totalRows\":null,"
        + "\"error\":null,\"results\":null,\"startedAt\":\"2026-11-28T12:00:00Z\","
        + "\"updatedAt\":\"2026-11-28T12:00:03Z\"}";

    ProgressSnapshot read = snapshots.deserialize("t", older.getBytes(StandardCharsets.UTF_8));

    assertThat(read.seq()).isEqualTo(3);
    assertThat(read.rowsPerSecond()).isZero();
    assertThat(read.etaSeconds()).isNull();
  }

  @Test
  void nullValueIsATombstoneBothWays() {
    assertThat(snapshots.serialize("t", null)).isNull();
    assertThat(snapshots.deserialize("t", null)).isNull();
  }

  @Test
  void writesCamelCaseFieldsLowerCaseStatusAndIsoInstants() {
    String json = utf8(snapshots.serialize("t", Samples.processing()));

    assertThat(json)
        .contains("\"uploadId\":\"123\"")
        .contains("\"status\":\"processing\"")
        .contains("\"rowsProcessed\":452")
        .contains("\"totalRows\":null")
        .contains("\"startedAt\":\"2026-11-28T12:00:00.120Z\"");
  }

  @Test
  void writesACommandWithItsTypeFirstAsAnyKafkaClientWouldSendIt() {
    String json = utf8(JsonSerde.of(UploadCommand.class).serialize("t", Samples.cancel()));

    assertThat(json).isEqualTo("{\"type\":\"cancel\",\"uploadId\":\"u-20261128-0001\",\"tenantId\":\"acme\","
        + "\"requestedBy\":\"user-42\",\"requestedAt\":\"2026-11-28T12:00:02.120Z\"}");
  }

  @Test
  void keepsDecimalSumsExact() {
    AggregateRow row =
        new AggregateRow("u1", AggregateKind.PRODUCT, "Café", 3, new BigDecimal("0.30"), new BigDecimal("12.10"));
    JsonSerde<AggregateRow> serde = JsonSerde.of(AggregateRow.class);

    String json = utf8(serde.serialize("t", row));

    assertThat(json).contains("\"revenue\":12.10").contains("\"quantity\":0.30");
    assertThat(serde.deserialize("t", json.getBytes(StandardCharsets.UTF_8)).revenue())
        .isEqualByComparingTo("12.10");
  }

  @Test
  void ignoresFieldsAddedByANewerProducer() {
    String json = utf8(snapshots.serialize("t", Samples.processing()));
    String withExtra = json.replaceFirst("\\{", "{\"addedLater\":true,");

    assertThat(snapshots.deserialize("t", withExtra.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Samples.processing());
  }

  @Test
  void rejectsUnreadableBytesWithTheTypeInTheMessage() {
    assertThatThrownBy(() -> snapshots.deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("ProgressSnapshot");
  }

  private static <T> void assertRoundTrip(Class<T> type, T value) {
    JsonSerde<T> serde = JsonSerde.of(type);
    assertThat(serde.deserialize("t", serde.serialize("t", value))).isEqualTo(value);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
