package org.uploadpipeline.gateway.demo;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadId;

/**
 * {@code GET /api/demo/uploads/{uploadId}/aggregates} (demo mode only): the upload's daily, monthly and product
 * aggregates, for the demo page's revenue chart and top products. Same bearer authentication and tenant check as
 * {@code GET /api/uploads/{id}}; the body is {@code {"daily": [AggregateRow...], "monthly": [...], "product": [...]}}.
 */
@RestController
@ConditionalOnProperty(prefix = "gateway.demo", name = "enabled", havingValue = "true")
class DemoAggregatesController {


  private final SnapshotStore snapshots;
  private final DemoAggregates aggregates;

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
    Map<String, List<AggregateRow>> rows = aggregates.of(uploadId);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ProtocolJson.mapper().writeValueAsString(rows));
  }

  private static ResponseEntity<String> error(HttpStatus status, String error, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiErrors.json(error, message));
  }
}
