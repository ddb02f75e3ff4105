package org.uploadpipeline.gateway.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.uploadpipeline.gateway.progress.SnapshotListener;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.protocol.ProgressSnapshot;

/** Upload id → the viewer sessions watching it; the fan-out target of the snapshot store. */
class SessionRegistry implements SnapshotListener {

  private final Map<String, Set<ViewerSession>> byUpload = new ConcurrentHashMap<>();
  private final Executor sender;

  SessionRegistry(Executor sender) {
    this.sender = sender;
  }

  void register(ViewerSession session) {
    byUpload.computeIfAbsent(session.uploadId(), id -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void unregister(ViewerSession session) {
    byUpload.computeIfPresent(
        session.uploadId(),
        (id, sessions) -> {
          sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
  }

  /** Sessions currently registered, for metrics and tests. */
  int size() {
    return byUpload.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public void onSnapshot(ProgressSnapshot snapshot) {
    Set<ViewerSession> sessions = byUpload.get(snapshot.uploadId());
    if (sessions != null) {
      sessions.forEach(session -> session.offer(snapshot));
    }
  }

  @Override
  public void onStoreRunning(SnapshotStore store) {
    // Offers are idempotent by seq, so looking every watched upload up again is safe.
    byUpload.forEach(
        (uploadId, sessions) -> store.latest(uploadId).ifPresent(snapshot -> sessions.forEach(s -> s.offer(snapshot))));
  }

  /** Sends a ping frame to every session, each on a sender thread so a slow socket delays only itself. */
  void pingAll() {
    byUpload.values().forEach(sessions -> sessions.forEach(session -> sender.execute(session::ping)));
  }
}
