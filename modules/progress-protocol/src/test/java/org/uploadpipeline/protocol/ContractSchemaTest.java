package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractSchemaTest {

  static Stream<Arguments> serializedRecords() {
    return Stream.of(
        Arguments.of(ContractSchema.UPLOAD_JOB, json(UploadJob.class, Samples.job())),
        Arguments.of(ContractSchema.PROGRESS_SNAPSHOT, json(ProgressSnapshot.class, Samples.processing())),
        Arguments.of(ContractSchema.PROGRESS_SNAPSHOT, json(ProgressSnapshot.class, Samples.completed())),
        Arguments.of(ContractSchema.PROGRESS_SNAPSHOT, json(ProgressSnapshot.class, Samples.failed())),
        Arguments.of(ContractSchema.PROGRESS_SNAPSHOT, json(ProgressSnapshot.class, Samples.cancelled())),
        Arguments.of(ContractSchema.AGGREGATE_ROW, json(AggregateRow.class, Samples.dailyAggregate())),
        Arguments.of(ContractSchema.UPLOAD_COMMAND, json(UploadCommand.class, Samples.cancel())),
        Arguments.of(
            ContractSchema.UPLOAD_COMMAND,
            "{\"type\":\"cancel\",\"uploadId\":\"123\",\"tenantId\":\"acme\",\"requestedBy\":\"user-42\"}"),
        Arguments.of(
            ContractSchema.UPLOAD_JOB,
            """
            {"uploadId":"123","tenantId":"acme","source":{"inline":"a,b\\n"},
             "mapping":{"date":"d","product":"p","quantity":"q","unitPrice":"u"}}
            """));
  }

  @ParameterizedTest
  @MethodSource("serializedRecords")
  void acceptsRecordsAsTheServicesWriteThem(ContractSchema schema, String json) {
    assertThat(schema.violations(json)).isEmpty();
  }

  static Stream<Arguments> brokenRecords() {
    String job = json(UploadJob.class, Samples.job());
    String processing = json(ProgressSnapshot.class, Samples.processing());
    String cancel = json(UploadCommand.class, Samples.cancel());
    return Stream.of(
        Arguments.of("upload id with a slash", ContractSchema.UPLOAD_JOB, job.replace("u-20261128-0001\"", "a/b\"")),
        Arguments.of(
            "both uri and inline",
            ContractSchema.UPLOAD_JOB,
            job.replace("\"inline\":null", "\"inline\":\"a,b\"")),
        Arguments.of(
            "neither uri nor inline",
            ContractSchema.UPLOAD_JOB,
            job.replace("\"uri\":\"file:///var/uploads/acme/u-20261128-0001.csv\"", "\"uri\":null")),
        Arguments.of("no amount nor unitPrice", ContractSchema.UPLOAD_JOB, job.replace("\"total\"", "null")),
        Arguments.of("two-character delimiter", ContractSchema.UPLOAD_JOB, job.replace("\",\",", "\";;\",")),
        Arguments.of(
            "unknown status", ContractSchema.PROGRESS_SNAPSHOT, processing.replace("\"processing\",", "\"done\",")),
        Arguments.of("seq zero", ContractSchema.PROGRESS_SNAPSHOT, processing.replace("\"seq\":17", "\"seq\":0")),
        Arguments.of("percent over 100", ContractSchema.PROGRESS_SNAPSHOT, processing.replace("45.2", "145.2")),
        Arguments.of(
            "completed without results",
            ContractSchema.PROGRESS_SNAPSHOT,
            json(ProgressSnapshot.class, withoutResults(Samples.completed()))),
        Arguments.of(
            "cancelled with results",
            ContractSchema.PROGRESS_SNAPSHOT,
            json(ProgressSnapshot.class, Samples.completed())
                .replace("\"status\":\"completed\"", "\"status\":\"cancelled\"")),
        Arguments.of("command of an unknown type", ContractSchema.UPLOAD_COMMAND, cancel.replace("cancel", "pause")),
        Arguments.of(
            "command without a type", ContractSchema.UPLOAD_COMMAND, cancel.replace("\"type\":\"cancel\",", "")),
        Arguments.of(
            "command without a tenant", ContractSchema.UPLOAD_COMMAND, cancel.replace("\"acme\"", "null")),
        Arguments.of(
            "command naming no requester", ContractSchema.UPLOAD_COMMAND, cancel.replace("\"user-42\"", "\"\"")),
        Arguments.of(
            "requester with a line break",
            ContractSchema.UPLOAD_COMMAND,
            cancel.replace("\"user-42\"", "\"user\\n42\"")),
        Arguments.of(
            "command for an upload id with a slash",
            ContractSchema.UPLOAD_COMMAND,
            cancel.replace("u-20261128-0001\"", "a/b\"")),
        Arguments.of(
            "unknown aggregate kind",
            ContractSchema.AGGREGATE_ROW,
            json(AggregateRow.class, Samples.dailyAggregate()).replace("daily", "weekly")),
        Arguments.of(
            "daily key that is not a date",
            ContractSchema.AGGREGATE_ROW,
            json(AggregateRow.class, Samples.dailyAggregate()).replace("2026-11-05", "2026-11")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRecords")
  void rejectsRecordsThatBreakTheContract(String why, ContractSchema schema, String json) {
    assertThat(schema.violations(json)).as(why + ": " + json).isNotEmpty();
  }

  private static ProgressSnapshot withoutResults(ProgressSnapshot s) {
    return new ProgressSnapshot(
        s.uploadId(), s.tenantId(), s.seq(), s.status(), s.stage(), s.percent(), s.message(), s.rowsProcessed(),
        s.totalRows(), s.error(), null, s.startedAt(), s.updatedAt(), 0.0, null);
  }

  private static <T> String json(Class<T> type, T value) {
    return new String(JsonSerde.of(type).serialize("t", value), StandardCharsets.UTF_8);
  }
}
