package org.uploadpipeline.gateway.session;

import java.util.concurrent.atomic.AtomicReference;
import org.uploadpipeline.gateway.auth.Principal;

/**
 * Who watches what: the upload the connection asked for (or, on a tenant board, every upload of the token's tenants),
 * the principal once authenticated (set once), whether the upload has shown up yet, and the tenant check between the
 * two.
 *
 * <p>Threads: authenticated by a container thread; read by container, fan-out, timer and sender threads. Every field
 * is final or changes once (null to a principal, false to true), so atomics suffice: no lock.
 */
final class ViewerState {

  private final String uploadId;
  private final boolean board;
  private final AtomicReference<Principal> principal = new AtomicReference<>();
  private volatile boolean known;
  private volatile boolean released;
  /** The place it holds among connections that have not authenticated; null once given back, or never held. */
  private volatile PreAuthLimits.Slot preAuthSlot;

  ViewerState(String uploadId) {
    this(uploadId, false);
  }

  private ViewerState(String uploadId, boolean board) {
    this.uploadId = uploadId;
    this.board = board;
  }

  /** A tenant board's: no upload of its own. */
  static ViewerState board() {
    return new ViewerState(null, true);
  }

  /** The upload watched; null on a board. */
  String uploadId() {
    return uploadId;
  }

  boolean isBoard() {
    return board;
  }

  /** Sets the principal unless one is set already; true when it did. An authenticated connection holds no slot. */
  boolean authenticate(Principal verified) {
    boolean set = principal.compareAndSet(null, verified);
    if (set) {
      releasePreAuthSlot();
    }
    return set;
  }

  /** The place its handshake took among connections that have not authenticated (none with a valid token). */
  void holdPreAuthSlot(PreAuthLimits.Slot slot) {
    preAuthSlot = slot;
  }

  /** Gives the place back, when it authenticates or closes. */
  void releasePreAuthSlot() {
    PreAuthLimits.Slot slot = preAuthSlot;
    if (slot != null) {
      preAuthSlot = null;
      slot.release();
    }
  }

  /** The authenticated principal, or null before authentication. */
  Principal principal() {
    return principal.get();
  }

  boolean isAuthenticated() {
    return principal.get() != null;
  }

  /** The tenant check: whether the principal may see a snapshot of this tenant (never before authentication). */
  boolean mayWatch(String tenantId) {
    Principal current = principal.get();
    return current != null && current.grants(tenantId);
  }

  /** A snapshot of the upload has been seen, even one the client already had. */
  void markKnown() {
    known = true;
  }

  boolean isKnown() {
    return known;
  }

  /** The connection is gone: nothing may register this viewer any more, and its pre-auth place is free. */
  void markReleased() {
    released = true;
    releasePreAuthSlot();
  }

  boolean isReleased() {
    return released;
  }
}
