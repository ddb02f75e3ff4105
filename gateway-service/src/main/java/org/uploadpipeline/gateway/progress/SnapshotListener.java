package org.uploadpipeline.gateway.progress;

import java.util.List;
import org.slf4j.LoggerFactory;

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

  /** Every one of {@code listeners}, in order, told of everything; one that throws does not keep it from the next. */
  static SnapshotListener all(List<SnapshotListener> listeners) {
    List<SnapshotListener> each = List.copyOf(listeners);
    return new SnapshotListener() {
      @Override
      public void onSnapshot(StoredSnapshot snapshot) {
        each.forEach(listener -> tell(listener, snapshot.uploadId(), () -> listener.onSnapshot(snapshot)));
      }

      @Override
      public void onDeleted(String uploadId) {
        each.forEach(listener -> tell(listener, uploadId, () -> listener.onDeleted(uploadId)));
      }

      @Override
      public void onStoreRunning(SnapshotStore store) {
        each.forEach(listener -> listener.onStoreRunning(store));
      }
    };
  }

  private static void tell(SnapshotListener listener, String uploadId, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // The store must keep up with the topic whatever a listener does.
      LoggerFactory.getLogger(SnapshotListener.class)
          .warn("Snapshot listener {} failed for upload {}", listener.getClass().getSimpleName(), uploadId, e);
    }
  }
}
