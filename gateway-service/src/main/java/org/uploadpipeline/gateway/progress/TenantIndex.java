package org.uploadpipeline.gateway.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The uploads of each tenant updated lately, newest first: what the tenant board lists, found without reading the
 * topic or the whole store. Kept from the headers of the snapshots the store accepts (no full parse), at most
 * {@code perTenant} per tenant and only those updated within the window, so its size does not grow with the uploads
 * ever seen. Memory only: rebuilt from the store, once, each time the store starts serving (a restarted gateway).
 *
 * <p>A tombstone does not reach it (it names no tenant): an entry whose upload is gone is skipped when read.
 *
 * <p>Thread-safe: the store's thread and the rebuild write, board joins and the API read.
 */
public final class TenantIndex implements SnapshotListener {

  private static final Logger log = LoggerFactory.getLogger(TenantIndex.class);

  /** One upload as the index knows it, from its latest snapshot's header. */
  public record Entry(String uploadId, String tenantId, long seq, UploadStatus status, Instant updatedAt) {

    /** Newest first; the id breaks ties so two uploads updated at once are both kept. */
    static final Comparator<Entry> NEWEST_FIRST =
        Comparator.comparing(Entry::updatedAt).reversed().thenComparing(Entry::uploadId);

    public boolean isInFlight() {
      return status == UploadStatus.VALIDATING || status == UploadStatus.PROCESSING;
    }
  }

  private final int perTenant;
  private final Duration window;
  private final Clock clock;
  private final Map<String, TenantUploads> byTenant = new ConcurrentHashMap<>();

  public TenantIndex(int perTenant, Duration window, Clock clock) {
    this.perTenant = perTenant;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public void onSnapshot(StoredSnapshot snapshot) {
    note(snapshot);
  }

  /**
   * Snapshots restored from local state or the topic before the store served were not announced one by one: read them
   * all, off the store's thread (a million uploads take a few seconds), merged with what arrives meanwhile.
   */
  @Override
  public void onStoreRunning(SnapshotStore store) {
    Thread rebuild = new Thread(() -> rebuild(store), "tenant-index-rebuild");
    rebuild.setDaemon(true);
    rebuild.start();
  }

  private void rebuild(SnapshotStore store) {
    long started = System.nanoTime();
    long read = store.forEachStored(this::note);
    log.info("Tenant index rebuilt from {} stored uploads in {} ms", read, (System.nanoTime() - started) / 1_000_000);
  }

  private void note(StoredSnapshot snapshot) {
    Instant updatedAt = snapshot.updatedAt();
    if (updatedAt == null || updatedAt.isBefore(oldestShown())) {
      return; // never on a board: not worth a place
    }
    Entry entry = new Entry(snapshot.uploadId(), snapshot.tenantId(), snapshot.seq(), snapshot.status(), updatedAt);
    // Inside compute: a sweep that finds the tenant empty cannot drop it while this adds to it.
    byTenant.compute(entry.tenantId(), (tenant, uploads) -> {
      TenantUploads kept = uploads == null ? new TenantUploads(perTenant) : uploads;
      kept.note(entry);
      return kept;
    });
  }

  /** The newest uploads of these tenants updated within the window, newest first, at most {@code limit}. */
  public List<Entry> newest(Set<String> tenants, int limit) {
    Instant oldest = oldestShown();
    List<Entry> all = new ArrayList<>();
    for (String tenant : tenants) {
      TenantUploads uploads = byTenant.get(tenant);
      if (uploads != null) {
        all.addAll(uploads.newerThan(oldest));
      }
    }
    all.sort(Entry.NEWEST_FIRST);
    return all.size() <= limit ? all : List.copyOf(all.subList(0, limit));
  }

  /** Forgets what has left the window, and tenants with nothing left (called now and then). */
  public void sweep() {
    Instant oldest = oldestShown();
    for (String tenant : List.copyOf(byTenant.keySet())) {
      byTenant.computeIfPresent(tenant, (id, uploads) -> uploads.dropOlderThan(oldest) ? null : uploads);
    }
  }

  private Instant oldestShown() {
    return clock.instant().minus(window);
  }

  /** One tenant's newest uploads: a small sorted set, guarded by its own lock. */
  private static final class TenantUploads {

    private final int capacity;
    private final Map<String, Entry> byUpload = new HashMap<>();
    private final TreeSet<Entry> newestFirst = new TreeSet<>(Entry.NEWEST_FIRST);

    TenantUploads(int capacity) {
      this.capacity = capacity;
    }

    synchronized void note(Entry entry) {
      Entry known = byUpload.get(entry.uploadId());
      if (known != null) {
        if (known.seq() >= entry.seq()) {
          return; // the rebuild read an older state than one already noted
        }
        newestFirst.remove(known);
      }
      byUpload.put(entry.uploadId(), entry);
      newestFirst.add(entry);
      if (newestFirst.size() > capacity) {
        byUpload.remove(newestFirst.pollLast().uploadId());
      }
    }

    synchronized List<Entry> newerThan(Instant oldest) {
      List<Entry> shown = new ArrayList<>();
      for (Entry entry : newestFirst) {
        if (entry.updatedAt().isBefore(oldest)) {
          break;
        }
        shown.add(entry);
      }
      return shown;
    }

    /** True when nothing is left. */
    synchronized boolean dropOlderThan(Instant oldest) {
      while (!newestFirst.isEmpty() && newestFirst.last().updatedAt().isBefore(oldest)) {
        byUpload.remove(newestFirst.pollLast().uploadId());
      }
      return newestFirst.isEmpty();
    }
  }
}
