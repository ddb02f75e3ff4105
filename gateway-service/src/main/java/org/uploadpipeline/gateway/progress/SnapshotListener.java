package org.uploadpipeline.gateway.progress;

/**
 * Told of every snapshot the store accepts (newer than the one it had), on the store's own thread: implementations must
 * return quickly and never block on I/O.
 */
public interface SnapshotListener {

  /** A newer snapshot of an upload; parsing it ({@link StoredSnapshot#snapshot()}) is the listener's choice. */
  void onSnapshot(StoredSnapshot snapshot);

  /** A tombstone removed the upload from the store. */
  default void onDeleted(String uploadId) {}

  /**
   * The store has caught up with the topic and serves lookups. Snapshots restored from local state before that were not
   * announced one by one, so whoever waits for an upload should look it up again now.
   */
  default void onStoreRunning(SnapshotStore store) {}
}
