package org.uploadpipeline.gateway.session;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.uploadpipeline.gateway.progress.SnapshotListener;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.gateway.progress.SnapshotStore;

/**
 * Upload id → the viewer sessions watching it (the fan-out target of the snapshot store) with the latest snapshot they
 * were offered ({@link UploadWatchers}), and user → open sessions (the per-user limit). Fan-out only queues into
 * mailboxes: it never touches a socket. It also tells the viewers of an upload that has stalled ({@link StallWatch}).
 */
class SessionRegistry implements SnapshotListener {

  private final Map<String, UploadWatchers> byUpload = new ConcurrentHashMap<>();
  /** Tenant → the boards of tokens that grant it (the latest snapshot of {@link UploadWatchers} is unused here). */
  private final Map<String, UploadWatchers> boardsByTenant = new ConcurrentHashMap<>();
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final int maxSessionsPerUser;
  private final ViewerMetrics metrics;
  private final RecentSnapshots recent;
  private final StallWatch stalls;

  SessionRegistry(int maxSessionsPerUser, ViewerMetrics metrics, RecentSnapshots recent, StallWatch stalls) {
    this.maxSessionsPerUser = maxSessionsPerUser;
    this.metrics = metrics;
    this.recent = recent;
    this.stalls = stalls;
  }

  /**
   * Registers an authenticated session unless its user already holds the maximum; false when refused.
   */
  boolean register(ViewerSession session) {
    String user = session.principal().userId();
    boolean[] admitted = {false};
    perUser.compute(
        user,
        (id, count) -> {
          int current = count == null ? 0 : count;
          if (current >= maxSessionsPerUser) {
            return count;
          }
          admitted[0] = true;
          return current + 1;
        });
    if (!admitted[0]) {
      return false;
    }
    metrics.sessionStarted();
    for (String key : keysOf(session)) {
      // Added inside compute: an unregister that empties the same set cannot detach it meanwhile.
      watchersOf(session).compute(
          key,
          (id, watchers) -> {
            UploadWatchers watching = watchers == null ? new UploadWatchers() : watchers;
            watching.add(session);
            return watching;
          });
    }
    return true;
  }

  /** A viewer is found by its upload; a board by each tenant its token grants. */
  private Map<String, UploadWatchers> watchersOf(ViewerSession session) {
    return session.isBoard() ? boardsByTenant : byUpload;
  }

  private static Iterable<String> keysOf(ViewerSession session) {
    return session.isBoard() ? session.principal().tenants() : List.of(session.uploadId());
  }

  /** Lets a session go; only a registered one gives its place back (the registry is what counts it). */
  void unregister(ViewerSession session) {
    if (session.principal() == null) {
      return; // never authenticated, so never registered
    }
    boolean[] registered = {false};
    for (String key : keysOf(session)) {
      watchersOf(session).computeIfPresent(
          key,
          (id, watchers) -> {
            registered[0] |= watchers.remove(session);
            return watchers.isEmpty() ? null : watchers;
          });
    }
    if (!registered[0]) {
      return;
    }
    metrics.sessionEnded();
    perUser.computeIfPresent(session.principal().userId(), (id, count) -> count <= 1 ? null : count - 1);
  }

  /** Sessions currently registered, for metrics and tests. */
  int size() {
    return metrics.activeSessions();
  }

  /** Every accepted snapshot: offered to those watching (rendered once for all), and kept if looked up before. */
  @Override
  public void onSnapshot(StoredSnapshot stored) {
    long received = System.nanoTime();
    RenderedSnapshot rendered = new RenderedSnapshot(stored);
    recent.accepted(rendered);
    UploadWatchers watchers = byUpload.get(stored.uploadId());
    if (watchers != null) {
      watchers.seen(rendered);
      watchers.forEach(session -> session.offer(rendered, received));
    }
    UploadWatchers boards = boardsByTenant.get(stored.tenantId());
    if (boards != null) {
      boards.forEach(board -> board.offer(rendered, received));
    }
  }

  /** Whether any board of the tenant is open, so its uploads' stalls are worth looking for. */
  boolean hasBoards(String tenantId) {
    return boardsByTenant.containsKey(tenantId);
  }

  /** Tenants with an open board. */
  Set<String> boardTenants() {
    return Set.copyOf(boardsByTenant.keySet());
  }

  /** Offers the boards of the upload's tenant its stalled form (each board takes it once per snapshot). */
  void announceStallToBoards(RenderedSnapshot stalled) {
    UploadWatchers boards = boardsByTenant.get(stalled.tenantId());
    if (boards != null) {
      boards.forEach(board -> board.offer(stalled, 0));
    }
  }

  /**
   * Offers a registered viewer the latest snapshot of its upload, as of now: the stalled form when it has stalled.
   */
  void offerLatest(ViewerSession viewer, RenderedSnapshot latest) {
    UploadWatchers watchers = byUpload.get(viewer.uploadId());
    if (watchers != null) {
      watchers.seen(latest);
    }
    viewer.offer(stalls.asOfNow(latest), 0);
  }

  /**
   * Each stall check: the viewers of every upload that has stalled are offered its stalled form (each session takes
   * it once per snapshot), so they learn it even when no process writes snapshots any more.
   */
  void announceStalls() {
    byUpload.values().forEach(watchers -> {
      RenderedSnapshot latest = watchers.latest();
      if (latest != null && stalls.hasStalled(latest)) {
        RenderedSnapshot stalled = latest.stalled();
        watchers.forEach(session -> session.offer(stalled, 0));
      }
    });
  }

  @Override
  public void onDeleted(String uploadId) {
    recent.deleted(uploadId);
  }

  @Override
  public void onStoreRunning(SnapshotStore store) {
    // Offers are idempotent by seq, so looking every watched upload up again is safe.
    byUpload.forEach(
        (uploadId, watchers) ->
            recent.latest(uploadId, store::latest).ifPresent(rendered -> {
              watchers.seen(rendered);
              watchers.forEach(session -> session.offer(stalls.asOfNow(rendered), 0));
            }));
  }

  /** A heartbeat for every session: ping frames, and the end of those that stopped answering them. */
  void heartbeatAll(long pongTimeoutNanos) {
    long now = System.nanoTime();
    byUpload.values().forEach(watchers -> watchers.forEach(session -> session.heartbeat(now, pongTimeoutNanos)));
    // A board of several tenants is in several sets: beat it once.
    Set<ViewerSession> boards = new HashSet<>();
    boardsByTenant.values().forEach(watchers -> watchers.forEach(boards::add));
    boards.forEach(board -> board.heartbeat(now, pongTimeoutNanos));
  }
}
