package org.uploadpipeline.gateway.support;

import java.time.Instant;
import java.util.List;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadError;
import org.uploadpipeline.protocol.UploadResults;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Snapshots as the processor writes them, for tests: started at a fixed time, updated now (as the processor stamps a
 * snapshot when it writes it), so an upload in flight has not stalled.
 */
public final class TestSnapshots {

  private static final Instant STARTED = Instant.parse("2026-11-28T12:00:00.120Z");

  private TestSnapshots() {}

  public static ProgressSnapshot pending(String uploadId, String tenant, long seq) {
    return of(uploadId, tenant, seq, UploadStatus.PENDING, 0.0, 0, "Upload received");
  }

  public static ProgressSnapshot processing(String uploadId, String tenant, long seq, double percent, long rows) {
    return of(uploadId, tenant, seq, UploadStatus.PROCESSING, percent, rows, "Processing rows...");
  }

  public static ProgressSnapshot of(
      String uploadId, String tenant, long seq, UploadStatus status, double percent, long rows, String message) {
    return new ProgressSnapshot(
        uploadId, tenant, seq, status, status.wireName(), percent, message, rows, null, null, null, STARTED,
        Instant.now(), 0.0, null);
  }

  public static ProgressSnapshot completed(String uploadId, String tenant, long seq) {
    UploadResults results =
        new UploadResults(
            uploadId,
            1000,
            985,
            15,
            98.5,
            new AggregationCounts(985, 30, 1, 50),
            List.of(new RowError(17, "cantidad", "not a number: 'abc'"), new RowError(18, null, "too few fields")));
    return new ProgressSnapshot(
        uploadId, tenant, seq, UploadStatus.COMPLETED, "completed", 100.0, "Processing completed", 1000, 1000L,
        null, results, STARTED, Instant.now(), 0.0, null);
  }

  public static ProgressSnapshot failed(String uploadId, String tenant, long seq) {
    return new ProgressSnapshot(
        uploadId, tenant, seq, UploadStatus.FAILED, "failed", 10.0, "Processing failed", 0, null,
        new UploadError("Processing failed", "Invalid column mapping for 'fecha'"), null, STARTED,
        Instant.now(), 0.0, null);
  }

  /** The same snapshot, written at another time (an upload that has stalled, or one updated long ago). */
  public static ProgressSnapshot updatedAt(ProgressSnapshot s, Instant updatedAt) {
    return new ProgressSnapshot(
        s.uploadId(), s.tenantId(), s.seq(), s.status(), s.stage(), s.percent(), s.message(), s.rowsProcessed(),
        s.totalRows(), s.error(), s.results(), s.startedAt(), updatedAt, s.rowsPerSecond(), s.etaSeconds());
  }

  /** A snapshot as the store holds it after reading it from the topic. */
  public static StoredSnapshot stored(ProgressSnapshot snapshot) {
    return StoredSnapshot.read(
            ProtocolJson.mapper().writeValueAsBytes(snapshot), Topics.defaults().progress().valueSerde().deserializer())
        .orElseThrow();
  }
}
