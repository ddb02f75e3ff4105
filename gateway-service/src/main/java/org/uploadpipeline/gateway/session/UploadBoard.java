package org.uploadpipeline.gateway.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.TenantIndex;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;

/**
 * The tenant board's list: the latest state of each upload of some tenants updated within the window, newest first,
 * as the board's first message ({@code uploads}) and {@code GET /api/uploads} give it. The tenant index says which
 * uploads; their latest snapshots come from the recent snapshots or the store, so the list costs at most
 * {@code board-size} lookups, never a scan.
 */
public final class UploadBoard {

  /** The list, and the state of each upload it holds (for a board session's resume point). */
  record Listing(ServerMessage.Uploads message, List<OutboundQueue.Shown> shown) {

    String json() {
      return WebSocketJson.write(message);
    }
  }

  private final TenantIndex index;
  private final SnapshotStore store;
  private final RecentSnapshots recent;
  private final StallWatch stalls;
  private final int boardSize;

  UploadBoard(TenantIndex index, SnapshotStore store, RecentSnapshots recent, StallWatch stalls, int boardSize) {
    this.index = index;
    this.store = store;
    this.recent = recent;
    this.stalls = stalls;
    this.boardSize = boardSize;
  }

  /** Most uploads a list holds. */
  public int boardSize() {
    return boardSize;
  }

  /** The {@code uploads} document of these tenants, at most {@code limit} (and at most the board size) entries. */
  public String json(Set<String> tenants, int limit) {
    return listing(tenants, limit).json();
  }

  /**
   * Each stall check: the boards of each tenant are offered the stalled form of its uploads in flight that have
   * stalled (found by the index's headers, so only those are looked up).
   */
  void announceStalls(SessionRegistry registry) {
    for (String tenant : registry.boardTenants()) {
      for (TenantIndex.Entry indexed : index.newest(Set.of(tenant), boardSize)) {
        if (indexed.isInFlight() && stalls.hasStalled(indexed.status(), indexed.updatedAt())) {
          recent.latest(indexed.uploadId(), store::latest)
              .filter(stalls::hasStalled)
              .ifPresent(latest -> registry.announceStallToBoards(latest.stalled()));
        }
      }
    }
  }

  Listing listing(Set<String> tenants, int limit) {
    List<ServerMessage.BoardEntry> entries = new ArrayList<>();
    List<OutboundQueue.Shown> shown = new ArrayList<>();
    for (TenantIndex.Entry indexed : index.newest(tenants, Math.min(limit, boardSize))) {
      Optional<RenderedSnapshot> latest = recent.latest(indexed.uploadId(), store::latest);
      Optional<ProgressSnapshot> snapshot = latest.flatMap(RenderedSnapshot::snapshot);
      // The index knows the tenant from a header; the list shows only what the full record says is granted.
      if (snapshot.isEmpty() || !tenants.contains(snapshot.get().tenantId())) {
        continue; // gone (a tombstone), or unreadable beyond its header
      }
      entries.add(ServerMessages.boardEntry(snapshot.get(), stalls.hasStalled(latest.get())));
      shown.add(new OutboundQueue.Shown(indexed.uploadId(), snapshot.get().seq(), snapshot.get().status()));
    }
    // The store may be a snapshot ahead of the index: order by what is shown.
    entries.sort(Comparator.comparing(
        ServerMessage.BoardEntry::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    return new Listing(new ServerMessage.Uploads(List.copyOf(entries)), List.copyOf(shown));
  }
}
