package org.uploadpipeline.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.UploadStatus;

/** The tenant index alone: newest first, per tenant, bounded, within the window, never moved back by an old read. */
class TenantIndexTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final TenantIndex index = new TenantIndex(3, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void listsEachTenantsUploadsNewestFirstAndNeverAnotherTenants() {
    index.onSnapshot(stored("a1", "acme", 2, NOW.minusSeconds(30)));
    index.onSnapshot(stored("b1", "globex", 2, NOW.minusSeconds(20)));
    index.onSnapshot(stored("a2", "acme", 2, NOW.minusSeconds(10)));

    assertThat(index.newest(Set.of("acme"), 10)).extracting(TenantIndex.Entry::uploadId).containsExactly("a2", "a1");
    assertThat(index.newest(Set.of("globex"), 10)).extracting(TenantIndex.Entry::uploadId).containsExactly("b1");
    assertThat(index.newest(Set.of("acme", "globex"), 2)).extracting(TenantIndex.Entry::uploadId)
        .containsExactly("a2", "b1");
  }

  @Test
  void anUpdateMovesAnUploadToTheFrontAndTheOldestBeyondTheCapIsForgotten() {
    index.onSnapshot(stored("a1", "acme", 2, NOW.minusSeconds(40)));
    index.onSnapshot(stored("a2", "acme", 2, NOW.minusSeconds(30)));
    index.onSnapshot(stored("a3", "acme", 2, NOW.minusSeconds(20)));
    index.onSnapshot(stored("a1", "acme", 3, NOW.minusSeconds(10)));
    index.onSnapshot(stored("a4", "acme", 2, NOW.minusSeconds(5)));

    assertThat(index.newest(Set.of("acme"), 10)).extracting(TenantIndex.Entry::uploadId)
        .containsExactly("a4", "a1", "a3");
  }

  @Test
  void anOlderStateReadLaterDoesNotReplaceANewerOne() {
    index.onSnapshot(stored("a1", "acme", 5, NOW.minusSeconds(5)));
    index.onSnapshot(stored("a1", "acme", 3, NOW.minusSeconds(50)));

    assertThat(index.newest(Set.of("acme"), 10)).singleElement()
        .satisfies(entry -> assertThat(entry.seq()).isEqualTo(5));
  }

  @Test
  void onlyUploadsUpdatedWithinTheWindowAreListed() {
    TenantIndex later = new TenantIndex(3, Duration.ofHours(24), Clock.offset(Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofHours(23)));
    later.onSnapshot(stored("old", "acme", 2, NOW.minus(Duration.ofHours(25))));
    later.onSnapshot(stored("a1", "acme", 2, NOW.minusSeconds(10)));
    later.onSnapshot(stored("a2", "acme", 2, NOW.plus(Duration.ofHours(22))));

    assertThat(later.newest(Set.of("acme"), 10)).extracting(TenantIndex.Entry::uploadId).containsExactly("a2", "a1");
    assertThat(later.newest(Set.of("acme"), 10)).first()
        .satisfies(entry -> assertThat(entry.status()).isEqualTo(UploadStatus.PROCESSING));
  }

  private static StoredSnapshot stored(String uploadId, String tenant, long seq, Instant updatedAt) {
    return TestSnapshots.stored(
        TestSnapshots.updatedAt(TestSnapshots.processing(uploadId, tenant, seq, 10, 100), updatedAt));
  }
}
