package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/** When an upload counts as stalled: by the age of its latest snapshot, and only while it is being worked on. */
class StallWatchTest {

  @Test
  void anUploadInFlightStallsOnceItsLatestSnapshotIsAsOldAsTheStallTime() {
    ProgressSnapshot snapshot = TestSnapshots.processing("u1", "acme", 2, 20, 200);
    RenderedSnapshot processing = rendered(snapshot);
    Instant written = snapshot.updatedAt();

    assertThat(watchAt(written.plusSeconds(29)).hasStalled(processing)).isFalse();
    assertThat(watchAt(written.plusSeconds(30)).hasStalled(processing)).isTrue();
    assertThat(watchAt(written.plusSeconds(30)).asOfNow(processing).isStall()).isTrue();
    assertThat(watchAt(written.plusSeconds(29)).asOfNow(processing)).isSameAs(processing);
  }

  @Test
  void validatingStallsButPendingAndFinishedUploadsNever() {
    StallWatch late = watchAt(Instant.now().plus(Duration.ofDays(1)));

    assertThat(late.hasStalled(rendered(TestSnapshots.of("u1", "acme", 2, UploadStatus.VALIDATING, 0, 0, "v"))))
        .isTrue();
    assertThat(late.hasStalled(rendered(TestSnapshots.pending("u1", "acme", 2)))).isFalse();
    assertThat(late.hasStalled(rendered(TestSnapshots.completed("u1", "acme", 2)))).isFalse();
    assertThat(late.hasStalled(rendered(TestSnapshots.failed("u1", "acme", 2)))).isFalse();
  }

  @Test
  void looksAtLeastOnceASecondAndNotMoreThanTenTimes() {
    assertThat(new StallWatch(Duration.ofSeconds(30), Clock.systemUTC()).checkInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(new StallWatch(Duration.ofSeconds(2), Clock.systemUTC()).checkInterval())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(new StallWatch(Duration.ofMillis(100), Clock.systemUTC()).checkInterval())
        .isEqualTo(Duration.ofMillis(100));
  }

  private static StallWatch watchAt(Instant now) {
    return new StallWatch(Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static RenderedSnapshot rendered(ProgressSnapshot snapshot) {
    return new RenderedSnapshot(TestSnapshots.stored(snapshot));
  }
}
