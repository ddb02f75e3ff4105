package org.uploadpipeline.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Function;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.StoredSnapshot;

/**
 * The latest snapshot of recently looked-up uploads, rendered ({@link RenderedSnapshot}), for viewers that join: a
 * page that reloads, or a thousand viewers reconnecting to one upload after a gateway restart, cost no store read, no
 * parse and no serialisation each. Bounded; an upload not in it is read from the store.
 *
 * <p>Never behind the store. An entry, once here, is replaced by every newer snapshot the store accepts (on the
 * store's thread, after its write), never by an older one. Only lookups add entries: one that finds none reads the
 * store, keeps what it read, then reads the store once more, so a snapshot the store accepted in between (which found
 * no entry to replace) is not missed. The store's thread therefore only replaces: a cold start over a million uploads,
 * or a million new ones, adds nothing here (adding them all was a quarter of a restore's CPU in its profile).
 */
final class RecentSnapshots {

  /** About 1 KiB each once rendered: a few MiB at most, whatever the number of uploads. */
  static final int UPLOADS = 10_000;

  private final Cache<String, RenderedSnapshot> latest = Caffeine.newBuilder().maximumSize(UPLOADS).build();

  /** A snapshot the store accepted (the store's thread): replaces the upload's entry if it has one. */
  void accepted(RenderedSnapshot snapshot) {
    latest.asMap().computeIfPresent(snapshot.uploadId(), (id, known) -> RenderedSnapshot.newer(known, snapshot));
  }

  /** A tombstone removed the upload from the store. */
  void deleted(String uploadId) {
    latest.invalidate(uploadId);
  }

  /**
   * The latest snapshot of an upload, or empty when the store has none (or is not serving yet).
   *
   * @param store reads an upload not here from the store ({@link SnapshotStore#latest}; passed, not held: the store
   *     tells the registry of its snapshots, and the registry holds this)
   */
  Optional<RenderedSnapshot> latest(String uploadId, Function<String, Optional<StoredSnapshot>> store) {
    RenderedSnapshot known = latest.getIfPresent(uploadId);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<StoredSnapshot> read = store.apply(uploadId);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    keep(uploadId, read.get());
    // Accepted between the read and the keeping? It found no entry to replace: this second read sees it.
    Optional<StoredSnapshot> again = store.apply(uploadId);
    if (again.isEmpty()) {
      latest.invalidate(uploadId); // deleted meanwhile
      return Optional.empty();
    }
    return Optional.of(keep(uploadId, again.get()));
  }

  private RenderedSnapshot keep(String uploadId, StoredSnapshot stored) {
    return latest.asMap().merge(uploadId, new RenderedSnapshot(stored), RenderedSnapshot::newer);
  }
}
