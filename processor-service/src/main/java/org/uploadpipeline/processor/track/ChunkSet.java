package org.uploadpipeline.processor.track;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.TreeSet;

/**
 * The chunk indexes of one upload seen so far, in any order: every index below {@code contiguous}, plus the few seen
 * beyond it. Chunks of one upload are validated on several partitions and arrive a little out of order; this stays
 * small whatever the file size, because the set above the watermark drains as the gaps fill.
 */
final class ChunkSet {

  private int contiguous;
  private final TreeSet<Integer> beyond;

  ChunkSet() {
    this(0, new TreeSet<>());
  }

  @JsonCreator
  ChunkSet(@JsonProperty("contiguous") int contiguous, @JsonProperty("beyond") TreeSet<Integer> beyond) {
    this.contiguous = contiguous;
    this.beyond = beyond == null ? new TreeSet<>() : beyond;
  }

  @JsonProperty
  int contiguous() {
    return contiguous;
  }

  @JsonProperty
  TreeSet<Integer> beyond() {
    return beyond;
  }

  boolean contains(int index) {
    return index < contiguous || beyond.contains(index);
  }

  /** Adds an index; false when it was there already (a chunk seen twice). */
  boolean add(int index) {
    if (contains(index)) {
      return false;
    }
    beyond.add(index);
    while (beyond.remove(contiguous)) {
      contiguous++;
    }
    return true;
  }

  int size() {
    return contiguous + beyond.size();
  }
}
