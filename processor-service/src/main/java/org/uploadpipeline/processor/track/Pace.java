package org.uploadpipeline.processor.track;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast one upload goes: rows and bytes counted at a few instants of the recent window, so its snapshots carry a
 * pace and an estimate computed once, here, instead of by every client from what it happened to see. Part of the
 * upload's state (changelogged), so a restarted processor goes on with the same window; at most
 * {@link #MAX_SAMPLES} samples, whatever the file.
 *
 * <p>The pace is the change over the window: from the newest sample at least a window old (or the oldest there is)
 * to now. The estimate divides the bytes left by the byte pace, so it exists only when the file's size is known.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class Pace {

  /** Samples kept: one per tenth of the window, plus the base at its start. */
  static final int MAX_SAMPLES = 12;
  /** Below this span the counts say nothing yet: the first chunk of a file is not a pace. */
  private static final long MIN_SPAN_MILLIS = 200;

  record Sample(long atMillis, long rows, long bytes) {}

  private List<Sample> samples = new ArrayList<>();

  /** Counts the upload at {@code atMillis}, dropping what the window no longer needs. */
  void record(long atMillis, long rows, long bytes, Duration window) {
    long windowMillis = Math.max(1, window.toMillis());
    Sample now = new Sample(atMillis, rows, bytes);
    int last = samples.size() - 1;
    if (last >= 1 && atMillis - samples.get(last - 1).atMillis() < windowMillis / (MAX_SAMPLES - 2)) {
      samples.set(last, now); // close to the one before: keep the newest count, not one more sample
    } else {
      samples.add(now);
    }
    // The base is the newest sample at least a window old; anything older is no longer needed.
    while (samples.size() > 2 && atMillis - samples.get(1).atMillis() >= windowMillis) {
      samples.remove(0);
    }
    while (samples.size() > MAX_SAMPLES) {
      samples.remove(0);
    }
  }

  /** Rows per second over the window, 0 until the samples span enough time to tell. */
  double rowsPerSecond() {
    long span = span();
    if (span < MIN_SPAN_MILLIS) {
      return 0.0;
    }
    double perSecond = (newest().rows() - base().rows()) * 1000.0 / span;
    return Math.round(Math.max(0.0, perSecond) * 10) / 10.0;
  }

  /** Seconds until {@code totalBytes} are read at the window's byte pace; null when that cannot be told. */
  Long etaSeconds(Long totalBytes) {
    long span = span();
    if (totalBytes == null || totalBytes <= 0 || span < MIN_SPAN_MILLIS) {
      return null;
    }
    double bytesPerMilli = (double) (newest().bytes() - base().bytes()) / span;
    if (bytesPerMilli <= 0) {
      return null;
    }
    long left = Math.max(0, totalBytes - newest().bytes());
    return (long) Math.ceil(left / bytesPerMilli / 1000.0);
  }

  private long span() {
    return samples.size() < 2 ? 0 : newest().atMillis() - base().atMillis();
  }

  private Sample base() {
    return samples.get(0);
  }

  private Sample newest() {
    return samples.get(samples.size() - 1);
  }
}
