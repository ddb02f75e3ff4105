package org.uploadpipeline.gateway.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The viewer sessions watching one upload, and the latest snapshot of it they were offered, kept for the stall
 * watch: it goes when the last viewer does, so nothing is kept of an upload nobody watches.
 *
 * <p>Thread-safe: sessions join and leave on container threads, snapshots come from the store's thread and joins.
 */
final class UploadWatchers {

  private final Set<ViewerSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicReference<RenderedSnapshot> latest = new AtomicReference<>();

  void add(ViewerSession session) {
    sessions.add(session);
  }

  /** True when the session was one of them. */
  boolean remove(ViewerSession session) {
    return sessions.remove(session);
  }

  boolean isEmpty() {
    return sessions.isEmpty();
  }

  void forEach(Consumer<ViewerSession> action) {
    sessions.forEach(action);
  }

  /** A snapshot offered to these sessions; kept if newer than the one before. */
  void seen(RenderedSnapshot snapshot) {
    latest.accumulateAndGet(
        snapshot, (known, offered) -> known == null ? offered : RenderedSnapshot.newer(known, offered));
  }

  /** The newest snapshot offered so far, or null. */
  RenderedSnapshot latest() {
    return latest.get();
  }
}
