package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.TestSnapshots;

class RecentSnapshotsTest {

  private final RecentSnapshots recent = new RecentSnapshots();

  @Test
  void anOlderSnapshotNeverReplacesANewerOne() {
    recent.accepted(rendered(5));
    recent.accepted(rendered(4));

    // Known here: the store is not asked (null would fail).
    assertThat(recent.latest("u1", null)).get().extracting(RenderedSnapshot::seq).isEqualTo(5L);
  }

  @Test
  void aNewerSnapshotReplacesTheKnownOne() {
    recent.accepted(rendered(5));
    recent.accepted(rendered(6));

    assertThat(recent.latest("u1", null)).get().extracting(RenderedSnapshot::seq).isEqualTo(6L);
  }

  private static RenderedSnapshot rendered(long seq) {
    return new RenderedSnapshot(TestSnapshots.stored(TestSnapshots.processing("u1", "acme", seq, seq, seq * 10)));
  }
}
