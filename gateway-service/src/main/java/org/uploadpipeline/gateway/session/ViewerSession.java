package org.uploadpipeline.gateway.session;

import java.time.Duration;
import java.util.List;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.session.ViewerMetrics.DropReason;

/**
 * One viewer connection watching one upload, as the handler and the registry see it. It is made of parts with one
 * concern each, and holds no state of its own:
 *
 * <ul>
 *   <li>{@link ViewerState}: who watches what (principal, upload, whether it is known) and the tenant check;
 *   <li>{@link ViewerMailbox}: everything written to the socket ({@link ViewerSocket}), one message at a time, progress
 *       conflated for a slow viewer ({@link OutboundQueue}), a viewer that does not read closed as too slow;
 *   <li>{@link ViewerLiveness}: the auth and unknown-upload waits, the token's expiry, ping/pong;
 *   <li>{@link InboundLimiter}: the size and rate of client messages.
 * </ul>
 *
 * <p>Every part is thread-safe, so any thread may call this (container, fan-out, timer): see each part for which.
 */
final class ViewerSession {

  private final ViewerState state;
  private final ViewerMailbox mailbox;
  private final ViewerLiveness liveness;
  private final InboundLimiter inbound;

  ViewerSession(ViewerState state, ViewerMailbox mailbox, ViewerLiveness liveness, InboundLimiter inbound) {
    this.state = state;
    this.mailbox = mailbox;
    this.liveness = liveness;
    this.inbound = inbound;
  }

  /** The upload watched; null on a tenant board. */
  String uploadId() {
    return state.uploadId();
  }

  /** A tenant board's session: every upload of its token's tenants. */
  boolean isBoard() {
    return state.isBoard();
  }

  /** A board's first message, which holds {@code shown}; what came meanwhile follows it. */
  void tellListing(String json, List<OutboundQueue.Shown> shown) {
    mailbox.tellListing(json, shown);
  }

  InboundLimiter inbound() {
    return inbound;
  }

  /** The place its handshake took among connections that have not authenticated, given back when it does. */
  void holdPreAuthSlot(PreAuthLimits.Slot slot) {
    state.holdPreAuthSlot(slot);
  }

  /** Accepts the principal unless the session is already authenticated or ending; true when it did. */
  boolean authenticate(Principal verified) {
    return state.authenticate(verified) && mailbox.tell(ServerMessages.authenticated(state.uploadId()));
  }

  Principal principal() {
    return state.principal();
  }

  boolean isAuthenticated() {
    return state.isAuthenticated();
  }

  /** Whether any snapshot of the upload has been seen, even one the client already had. */
  boolean isKnown() {
    return state.isKnown();
  }

  /** The connection ended; see {@link ViewerAdmission#release}. */
  void markReleased() {
    state.markReleased();
  }

  boolean isReleased() {
    return state.isReleased();
  }

  /** Queues a snapshot for delivery. Never blocks: called on the store's fan-out thread. */
  void offer(RenderedSnapshot snapshot, long receivedNanos) {
    if (!state.isAuthenticated()) {
      return;
    }
    state.markKnown();
    mailbox.offer(snapshot, receivedNanos);
  }

  /** Queues a reply to the client ({@code pong}, {@code error}); a client that does not read them is dropped. */
  void reply(String json) {
    mailbox.reply(json);
  }

  /** Sends an {@code error} message that states the reason, then closes with the given code. */
  void closeWith(CloseStatus status, String message, String details) {
    mailbox.closeWith(status, message, details);
  }

  /** Counts a refusal the handler decided (flood, oversize, ...) and closes with its error. */
  void refuse(CloseStatus status, DropReason reason, String message, String details) {
    mailbox.refuse(status, reason, message, details);
  }

  /** The auth-timeout or unknown-upload wait; replaces (and cancels) the previous one. */
  void startWait(Duration delay, Runnable check) {
    liveness.startWait(delay, check);
  }

  /** The timer that ends the session when its token expires. */
  void startExpiry(Duration delay, Runnable expire) {
    liveness.startExpiry(delay, expire);
  }

  /** Called by the registry each ping interval: a ping frame, or the end of a viewer that did not answer the last. */
  void heartbeat(long nowNanos, long pongTimeoutNanos) {
    liveness.heartbeat(nowNanos, pongTimeoutNanos);
  }

  /** The client answered a ping. */
  void ponged() {
    liveness.ponged();
  }

  /** The connection ended: stop delivering and cancel timers. */
  void markClosed() {
    mailbox.markClosed();
    liveness.stop();
  }
}
