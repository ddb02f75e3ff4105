package org.uploadpipeline.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.uploadpipeline.gateway.progress.SnapshotStore;

/**
 * The latest snapshot of recently updated or looked-up uploads, rendered ({@link RenderedSnapshot}), for viewers that
 * join: a page that reloads, or a thousand viewers reconnecting to one upload after a gateway restart, cost no store
 * read, no parse and no serialisation each. Bounded; an upload not in it is read from the store.
 *
 * <p>Never behind the store: every snapshot the store accepts is put here (by the store's thread, after its write),
 * and an entry is only ever replaced by one with a higher seq, so a lookup that read the store just before a newer
 * snapshot landed cannot put the older one back.
 */
final class RecentSnapshots {

  /** About 1 KiB each once rendered: a few MiB at most, whatever the number of uploads. */
  static final int UPLOADS = 10_000;

  private final Cache<String, RenderedSnapshot> latest = Caffeine.newBuilder().maximumSize(UPLOADS).build();

  /** A snapshot the store accepted (the store's thread). */
  void accepted(RenderedSnapshot snapshot) {
    latest.asMap().merge(snapshot.uploadId(), snapshot, RenderedSnapshot::newer);
  }

  /** A tombstone removed the upload from the store. */
  void deleted(String uploadId) {
    latest.invalidate(uploadId);
  }

  /**
   * The latest snapshot of an upload, or empty when the store has none (or is not serving yet).
   *
   * @param store where an upload not here is read (passed, not held: the store is told of snapshots by the registry,
   *     which holds this)
   */
  Optional<RenderedSnapshot> latest(String uploadId, SnapshotStore store) {
    RenderedSnapshot known = latest.getIfPresent(uploadId);
    if (known != null) {
      return Optional.of(known);
    }
    return store.latest(uploadId)
        .map(stored -> latest.asMap().merge(uploadId, new RenderedSnapshot(stored), RenderedSnapshot::newer));
  }
}
