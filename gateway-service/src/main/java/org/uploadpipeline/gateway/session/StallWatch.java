package org.uploadpipeline.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Whether an upload has stalled: it is {@code validating} or {@code processing}, and its latest snapshot was written
 * by the processor at least {@code stall-after} ago. The gateway judges it from the snapshot's {@code updatedAt}, not
 * from when the snapshot reached it, so a stall is seen while the processor itself is down, and at once by a gateway
 * that has just restarted.
 */
final class StallWatch {

  private static final Duration FASTEST_CHECK = Duration.ofMillis(100);
  private static final Duration SLOWEST_CHECK = Duration.ofSeconds(1);

  private final Duration stallAfter;
  private final Clock clock;

  StallWatch(Duration stallAfter, Clock clock) {
    this.stallAfter = stallAfter;
    this.clock = clock;
  }

  boolean hasStalled(RenderedSnapshot latest) {
    return hasStalled(latest.status(), latest.updatedAt().orElse(null));
  }

  /** @param updatedAt when the latest snapshot was written; null (unknown) never counts as stalled */
  boolean hasStalled(UploadStatus status, Instant updatedAt) {
    if (status != UploadStatus.VALIDATING && status != UploadStatus.PROCESSING || updatedAt == null) {
      return false;
    }
    return !clock.instant().isBefore(updatedAt.plus(stallAfter));
  }

  /** What a viewer is sent of the latest snapshot now: its stalled form once it has stalled. */
  RenderedSnapshot asOfNow(RenderedSnapshot latest) {
    return hasStalled(latest) ? latest.stalled() : latest;
  }

  /** How often watched uploads are looked at: a stall is announced at most this late. */
  Duration checkInterval() {
    Duration quarter = stallAfter.dividedBy(4);
    return quarter.compareTo(FASTEST_CHECK) < 0 ? FASTEST_CHECK
        : quarter.compareTo(SLOWEST_CHECK) > 0 ? SLOWEST_CHECK : quarter;
  }
}
