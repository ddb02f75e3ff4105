package org.uploadpipeline.gateway.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.uploadpipeline.gateway.progress.SnapshotListener;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.gateway.progress.SnapshotStore;

/**
 * Upload id → the viewer sessions watching it (the fan-out target of the snapshot store), and user → open sessions
 * (the per-user limit). Fan-out only queues into mailboxes: it never touches a socket.
 */
class SessionRegistry implements SnapshotListener {

  private final Map<String, Set<ViewerSession>> byUpload = new ConcurrentHashMap<>();
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final int maxSessionsPerUser;
  private final ViewerMetrics metrics;
  private final RecentSnapshots recent;

  SessionRegistry(int maxSessionsPerUser, ViewerMetrics metrics, RecentSnapshots recent) {
    this.maxSessionsPerUser = maxSessionsPerUser;
    this.metrics = metrics;
    this.recent = recent;
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
    // Added inside compute: an unregister that empties the same upload's set cannot detach it meanwhile.
    byUpload.compute(
        session.uploadId(),
        (id, sessions) -> {
          Set<ViewerSession> watching = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
          watching.add(session);
          return watching;
        });
    return true;
  }

  /** Lets a session go; only a registered one gives its place back (the registry is what counts it). */
  void unregister(ViewerSession session) {
    boolean[] registered = {false};
    byUpload.computeIfPresent(
        session.uploadId(),
        (id, sessions) -> {
          registered[0] = sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
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
    Set<ViewerSession> sessions = byUpload.get(stored.uploadId());
    if (sessions != null) {
      sessions.forEach(session -> session.offer(rendered, received));
    }
  }

  @Override
  public void onDeleted(String uploadId) {
    recent.deleted(uploadId);
  }

  @Override
  public void onStoreRunning(SnapshotStore store) {
    // Offers are idempotent by seq, so looking every watched upload up again is safe.
    byUpload.forEach(
        (uploadId, sessions) ->
            recent.latest(uploadId, store::latest).ifPresent(rendered -> sessions.forEach(s -> s.offer(rendered, 0))));
  }

  /** A heartbeat for every session: ping frames, and the end of those that stopped answering them. */
  void heartbeatAll(long pongTimeoutNanos) {
    long now = System.nanoTime();
    byUpload.values().forEach(sessions -> sessions.forEach(session -> session.heartbeat(now, pongTimeoutNanos)));
  }
}
