package org.uploadpipeline.gateway.session;

import java.time.Clock;
import java.time.Duration;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.RefusalLog;
import org.uploadpipeline.gateway.auth.InvalidTokenException;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.auth.TokenVerifier;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;
import org.uploadpipeline.protocol.UploadId;

/**
 * From an open connection to a viewer watching its upload (or a tenant board watching every upload of its token's
 * tenants: its list first, then every change), and back: a token (from the handshake, or an
 * {@code authenticate} message within the auth timeout), a valid upload id, a place within the user's session limit,
 * a session that lives exactly as long as its token, the latest state at once, and a bounded wait for an upload that
 * has not shown up yet. Each refusal is an {@code error} and a close code.
 *
 * <p>Stateless: runs on container threads (connections, messages) and the timer thread (waits).
 */
final class ViewerAdmission {

  private final TokenVerifier verifier;
  private final SnapshotStore store;
  private final RecentSnapshots recent;
  private final SessionRegistry registry;
  private final GatewayProperties.WebSocket limits;
  private final Duration clockSkew;
  private final Clock clock;
  private final RefusalLog refusals;
  private final UploadBoard board;

  ViewerAdmission(
      TokenVerifier verifier,
      SnapshotStore store,
      RecentSnapshots recent,
      SessionRegistry registry,
      GatewayProperties properties,
      Clock clock,
      RefusalLog refusals,
      UploadBoard board) {
    this.board = board;
    this.verifier = verifier;
    this.store = store;
    this.recent = recent;
    this.registry = registry;
    this.limits = properties.websocket();
    this.clockSkew = properties.jwt().clockSkew();
    this.clock = clock;
    this.refusals = refusals;
  }

  /** A connection without a handshake token: it has the auth timeout to send its {@code authenticate} message. */
  void awaitAuthenticateMessage(ViewerSession viewer) {
    viewer.startWait(
        limits.authTimeout(),
        () -> {
          if (!viewer.isAuthenticated()) {
            refuseToken(viewer, "no authenticate message in time");
          }
        });
  }

  /** The token of an {@code authenticate} message (null when it carried none). */
  void authenticate(ViewerSession viewer, String token) {
    Principal principal;
    try {
      principal = verifier.verify(token);
    } catch (InvalidTokenException e) {
      refuseToken(viewer, e.getMessage());
      return;
    }
    admit(viewer, principal);
  }

  /** No valid token: the viewer is told why (an {@code error}, then 4001), and so is the log. */
  void refuseToken(ViewerSession viewer, String reason) {
    refusals.refused("viewer token", reason);
    viewer.closeWith(CloseCodes.UNAUTHORIZED, "Unauthorized", reason);
  }

  /** A verified principal: the viewer watches its upload, or is told why not. */
  void admit(ViewerSession viewer, Principal principal) {
    if (!viewer.authenticate(principal)) {
      return;
    }
    String uploadId = viewer.uploadId();
    if (!viewer.isBoard() && !UploadId.isValid(uploadId)) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "not a valid upload id");
      return;
    }
    // Register before the lookup: a snapshot that lands in between then reaches the session through the listener.
    if (!registry.register(viewer)) {
      viewer.refuse(
          CloseCodes.POLICY,
          DropReason.TOO_MANY_SESSIONS,
          "Too many connections",
          "this user already has " + limits.maxSessionsPerUser() + " open viewer sessions");
      return;
    }
    if (viewer.isReleased()) {
      // The connection closed while it was being admitted: its release found nothing to give back, so give it here.
      registry.unregister(viewer);
      return;
    }
    // Continuous authorization: the session lives exactly as long as its token (plus the tolerated clock skew).
    long untilExpiry = Duration.between(clock.instant(), principal.expiresAt().plus(clockSkew)).toMillis();
    viewer.startExpiry(
        Duration.ofMillis(Math.max(0, untilExpiry)),
        () -> viewer.refuse(CloseCodes.UNAUTHORIZED, DropReason.TOKEN_EXPIRED, "Unauthorized", "token expired"));
    if (viewer.isBoard()) {
      // Registered first, so every change from now on reaches it; the list then says what it already holds.
      UploadBoard.Listing listing = board.listing(principal.tenants(), board.boardSize());
      viewer.tellListing(listing.json(), listing.shown());
      return;
    }
    recent.latest(uploadId, store::latest).ifPresent(snapshot -> registry.offerLatest(viewer, snapshot));
    if (!viewer.isKnown()) {
      viewer.startWait(limits.unknownUploadWait(), () -> giveUpIfStillUnknown(viewer));
    }
  }

  /** The connection ended: the viewer no longer counts towards its user's limit nor gets snapshots. */
  void release(ViewerSession viewer) {
    // Marked first: an admission registering meanwhile sees the mark and unregisters itself.
    viewer.markReleased();
    registry.unregister(viewer);
  }

  private void giveUpIfStillUnknown(ViewerSession viewer) {
    if (viewer.isKnown()) {
      return;
    }
    recent.latest(viewer.uploadId(), store::latest).ifPresent(snapshot -> registry.offerLatest(viewer, snapshot));
    if (!viewer.isKnown()) {
      viewer.closeWith(CloseCodes.UNKNOWN_UPLOAD, "Upload not found", "no upload with this id appeared in time");
    }
  }
}
