package org.uploadpipeline.gateway.demo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.gateway.session.TokenBucket;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadId;

/**
 * {@code GET /api/demo/uploads/{uploadId}/aggregates} (demo mode only): the upload's daily, monthly and product
 * aggregates, for the demo page's revenue chart and top products. Each read scans the aggregates topic, so reads are
 * limited per user and at once ({@code 429} with the reason beyond): the demo endpoint is no way to load the broker.
 * Same bearer authentication and tenant check as
 * {@code GET /api/uploads/{id}}; the body is {@code {"daily": [AggregateRow...], "monthly": [...], "product": [...]}}.
 */
@RestController
@ConditionalOnProperty(prefix = "gateway.demo", name = "enabled", havingValue = "true")
class DemoAggregatesController {


  /** Reads a user may start: a burst, then one a second (each reads the aggregates topic from the start). */
  private static final int READS_BURST = 10;
  private static final double READS_PER_SECOND = 1.0;
  /** Reads at once, for all users: each holds a consumer and a scan. */
  private static final int CONCURRENT_READS = 2;

  private final SnapshotStore snapshots;
  private final DemoAggregates aggregates;
  private final Cache<String, TokenBucket> readsPerUser =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(5)).build();
  private final Semaphore concurrentReads = new Semaphore(CONCURRENT_READS);

  DemoAggregatesController(SnapshotStore snapshots, DemoAggregates aggregates) {
    this.snapshots = snapshots;
    this.aggregates = aggregates;
  }

  @GetMapping(path = "/api/demo/uploads/{uploadId}/aggregates", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> aggregates(@AuthenticationPrincipal Principal principal, @PathVariable String uploadId) {
    ProgressSnapshot snapshot =
        UploadId.isValid(uploadId) ? snapshots.latest(uploadId).flatMap(StoredSnapshot::snapshot).orElse(null) : null;
    if (snapshot == null) {
      return error(HttpStatus.NOT_FOUND, "not_found", "no upload " + uploadId);
    }
    if (!principal.grants(snapshot.tenantId())) {
      return error(HttpStatus.FORBIDDEN, "forbidden", "this upload belongs to a tenant your token does not grant");
    }
    TokenBucket reads = readsPerUser.get(
        principal.userId(), user -> new TokenBucket(READS_PER_SECOND, READS_BURST, System.nanoTime()));
    if (!reads.tryAcquire(System.nanoTime())) {
      return error(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
          "the demo reads aggregates by scanning their topic: at most one read a second per user");
    }
    if (!concurrentReads.tryAcquire()) {
      return error(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
          "the demo reads the aggregates of " + CONCURRENT_READS + " uploads at a time: try again shortly");
    }
    Map<String, List<AggregateRow>> rows;
    try {
      rows = aggregates.of(uploadId);
    } finally {
      concurrentReads.release();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ProtocolJson.mapper().writeValueAsString(rows));
  }

  private static ResponseEntity<String> error(HttpStatus status, String error, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiErrors.json(error, message));
  }
}
