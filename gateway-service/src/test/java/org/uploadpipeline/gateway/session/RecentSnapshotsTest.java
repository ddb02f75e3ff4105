package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.progress.StoredSnapshot;
import org.uploadpipeline.gateway.support.TestSnapshots;

class RecentSnapshotsTest {

  private final RecentSnapshots recent = new RecentSnapshots();
  private final Map<String, StoredSnapshot> store = new HashMap<>();
  private final AtomicInteger storeReads = new AtomicInteger();

  @Test
  void aLookedUpUploadIsServedFromHereAfterwards() {
    store.put("u1", stored(3));

    assertThat(latestSeq()).isEqualTo(3);
    int reads = storeReads.get();
    assertThat(latestSeq()).isEqualTo(3);
    assertThat(storeReads.get()).isEqualTo(reads);
  }

  @Test
  void aKnownUploadTakesEveryNewerSnapshotAndNoOlderOne() {
    store.put("u1", stored(3));
    latestSeq();

    recent.accepted(rendered(5));
    recent.accepted(rendered(4));

    assertThat(latestSeq()).isEqualTo(5);
  }

  @Test
  void anUnknownUploadIsNotAddedByTheStoresThread() {
    recent.accepted(rendered(5));
    store.put("u1", stored(7));

    assertThat(latestSeq()).isEqualTo(7);
  }

  @Test
  void aSnapshotAcceptedWhileALookupKeepsWhatItReadIsNotMissed() {
    // The store moves from seq 3 to 4 between the lookup's first read and its keeping (4 finds no entry to replace).
    List<StoredSnapshot> reads = List.of(stored(3), stored(4));
    AtomicInteger read = new AtomicInteger();
    Optional<RenderedSnapshot> latest =
        recent.latest("u1", id -> {
          StoredSnapshot now = reads.get(Math.min(read.getAndIncrement(), 1));
          if (read.get() == 1) {
            recent.accepted(new RenderedSnapshot(reads.get(1)));
          }
          return Optional.of(now);
        });

    assertThat(latest).get().extracting(RenderedSnapshot::seq).isEqualTo(4L);
  }

  @Test
  void anUploadDeletedDuringALookupIsNotKept() {
    AtomicInteger read = new AtomicInteger();

    Optional<RenderedSnapshot> latest =
        recent.latest("u1", id -> read.getAndIncrement() == 0 ? Optional.of(stored(3)) : Optional.empty());

    assertThat(latest).isEmpty();
    store.put("u1", stored(9));
    assertThat(latestSeq()).isEqualTo(9);
  }

  private long latestSeq() {
    return recent.latest("u1", id -> {
      storeReads.incrementAndGet();
      return Optional.ofNullable(store.get(id));
    }).orElseThrow().seq();
  }

  private static StoredSnapshot stored(long seq) {
    return TestSnapshots.stored(TestSnapshots.processing("u1", "acme", seq, seq, seq * 10));
  }

  private static RenderedSnapshot rendered(long seq) {
    return new RenderedSnapshot(stored(seq));
  }
}
