package org.uploadpipeline.gateway.upload;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.session.UploadBoard;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadId;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;

/**
 * {@code POST /api/uploads}: store a CSV and submit its job; {@code GET /api/uploads/{id}}: the latest snapshot. The
 * tenant always comes from the token.
 */
@RestController
@RequestMapping("/api/uploads")
class UploadController {


  private final UploadStorage storage;
  private final ContractPublisher<UploadJob> publisher;
  private final ContractPublisher<UploadCommand> commands;
  private final SnapshotStore snapshots;
  private final UploadBoard board;
  private final CurrentTrace trace;
  private final Clock clock;

  UploadController(
      UploadStorage storage,
      ContractPublisher<UploadJob> publisher,
      ContractPublisher<UploadCommand> commands,
      SnapshotStore snapshots,
      UploadBoard board,
      CurrentTrace trace,
      Clock clock) {
    this.storage = storage;
    this.publisher = publisher;
    this.commands = commands;
    this.snapshots = snapshots;
    this.board = board;
    this.trace = trace;
    this.clock = clock;
  }

  /**
   * The tenant board's list ({@code uploads}, as the board's first WebSocket message): the latest state of each upload
   * of the token's tenants updated in the window, newest first.
   */
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> board(
      @AuthenticationPrincipal Principal principal, @RequestParam(required = false) String limit) {
    int most = limit == null ? board.boardSize() : parseLimit(limit);
    if (!snapshots.isServing()) {
      throw ApiException.unavailable("progress is still loading; try again shortly");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(board.json(principal.tenants(), most));
  }

  private int parseLimit(String limit) {
    try {
      int most = Integer.parseInt(limit.trim());
      if (most >= 1 && most <= board.boardSize()) {
        return most;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw ApiException.badRequest("limit must be a whole number from 1 to " + board.boardSize() + ", was '"
        + limit + "'");
  }

  @PostMapping(consumes = "text/csv")
  ResponseEntity<Map<String, String>> uploadCsvBody(
      @AuthenticationPrincipal Principal principal,
      @RequestParam Map<String, String> params,
      HttpServletRequest request)
      throws IOException {
    try (InputStream body = request.getInputStream()) {
      return submit(principal, params, body, UploadFileName.of(params.get("fileName")));
    }
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Map<String, String>> uploadMultipart(
      @AuthenticationPrincipal Principal principal,
      @RequestParam Map<String, String> params,
      @RequestPart("file") MultipartFile file)
      throws IOException {
    try (InputStream body = file.getInputStream()) {
      String name = params.containsKey("fileName") ? params.get("fileName") : file.getOriginalFilename();
      return submit(principal, params, body, UploadFileName.of(name));
    }
  }

  @GetMapping(path = "/{uploadId}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> latest(
      @AuthenticationPrincipal Principal principal,
      @PathVariable String uploadId) {
    ProgressSnapshot snapshot = ownSnapshot(principal, uploadId);
    // The contract mapper, not the web one: the body is exactly the Kafka record (camelCase, ISO-8601 instants).
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ProtocolJson.mapper().writeValueAsString(snapshot));
  }

  /**
   * Asks the processor to stop an upload in flight: a {@code cancel} command on {@code uploads.commands}, written
   * before the answer ({@code 202}); viewers then see {@code status} {@code cancelled}. An upload already finished
   * answers {@code 409}. The processor has the last word: a cancel that reaches it after the upload's last chunk
   * changes nothing, and the upload completes.
   */
  @DeleteMapping(path = "/{uploadId}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> cancel(
      @AuthenticationPrincipal Principal principal, @PathVariable String uploadId) {
    ProgressSnapshot snapshot = ownSnapshot(principal, uploadId);
    if (snapshot.status().isTerminal()) {
      throw ApiException.conflict("upload " + uploadId + " has already finished (" + snapshot.status().wireName()
          + "); there is nothing to cancel");
    }
    TraceParent request = trace.traceparent();
    commands.publish(
        uploadId,
        new UploadCommand.Cancel(uploadId, snapshot.tenantId(), principal.userId(), clock.instant()),
        request);
    Map<String, String> accepted = new LinkedHashMap<>();
    accepted.put("uploadId", uploadId);
    accepted.put("status", "cancelling");
    accepted.put("websocket", "/ws/processing/" + uploadId + "/");
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
  }

  /** The upload's latest snapshot, if it is of a tenant the token grants. */
  private ProgressSnapshot ownSnapshot(Principal principal, String uploadId) {
    if (!UploadId.isValid(uploadId)) {
      throw ApiException.notFound("no upload " + uploadId);
    }
    if (!snapshots.isServing()) {
      throw ApiException.unavailable("progress is still loading; try again shortly");
    }
    ProgressSnapshot snapshot =
        snapshots.latest(uploadId)
            .flatMap(StoredSnapshot::snapshot)
            .orElseThrow(() -> ApiException.notFound("no upload " + uploadId));
    if (!principal.grants(snapshot.tenantId())) {
      throw ApiException.forbidden("this upload belongs to a tenant your token does not grant");
    }
    return snapshot;
  }

  private ResponseEntity<Map<String, String>> submit(
      Principal principal, Map<String, String> params, InputStream body, String fileName) {
    String tenantId = tenantOf(principal, params.get("tenant"));
    JobParameters job = JobParameters.from(params);
    // Random ids: one tenant's ids say nothing about another's.
    String uploadId = UUID.randomUUID().toString();
    Path file = storage.store(tenantId, uploadId, body);
    // The upload's trace: this request's (a child of the caller's traceparent), from here to its viewers' sockets.
    TraceParent request = trace.traceparent();
    try {
      publisher.publish(
          uploadId,
          new UploadJob(
              uploadId,
              tenantId,
              principal.userId(),
              clock.instant(),
              UploadSource.ofUri(file.toUri().toString()),
              job.format(),
              job.mapping(),
              fileName),
          request);
    } catch (RuntimeException e) {
      storage.delete(file);
      throw e;
    }
    Map<String, String> accepted = new LinkedHashMap<>();
    accepted.put("uploadId", uploadId);
    accepted.put("status", "pending");
    accepted.put("websocket", "/ws/processing/" + uploadId + "/");
    accepted.put("traceId", request == null ? null : request.traceId());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
  }

  private static String tenantOf(Principal principal, String requested) {
    if (requested != null && !requested.isEmpty()) {
      if (!principal.grants(requested)) {
        throw ApiException.forbidden("your token does not grant tenant " + requested);
      }
      return requested;
    }
    if (principal.tenants().size() != 1) {
      throw ApiException.badRequest("your token grants several tenants: name one with the 'tenant' parameter");
    }
    return principal.tenants().iterator().next();
  }
}
