package org.uploadpipeline.processor.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.JsonSerde;

class ChunkSetTest {

  @Test
  void countsEachIndexOnceWhateverTheOrderAndDrainsAboveTheWatermark() {
    ChunkSet set = new ChunkSet();

    assertThat(set.add(2)).isTrue();
    assertThat(set.add(0)).isTrue();
    assertThat(set.add(2)).isFalse();
    assertThat(set.add(1)).isTrue();
    assertThat(set.add(0)).isFalse();

    assertThat(set.size()).isEqualTo(3);
    assertThat(set.contiguous()).isEqualTo(3);
    assertThat(set.beyond()).isEmpty();
  }

  @Test
  void survivesTheStateStoreRoundTrip() {
    ChunkSet set = new ChunkSet();
    set.add(0);
    set.add(5);
    JsonSerde<ChunkSet> serde = JsonSerde.of(ChunkSet.class);

    ChunkSet restored = serde.deserialize("t", serde.serialize("t", set));

    assertThat(restored.contains(0)).isTrue();
    assertThat(restored.contains(5)).isTrue();
    assertThat(restored.contains(1)).isFalse();
    assertThat(restored.size()).isEqualTo(2);
  }
}
