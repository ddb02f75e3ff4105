package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  private static final String HEADER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void readsAVersion00TraceparentAndWritesItBack() {
    TraceParent parsed = TraceParent.parse(HEADER).orElseThrow();

    assertThat(parsed.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parsed.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parsed.flags()).isEqualTo("01");
    assertThat(parsed.header()).isEqualTo(HEADER);
    assertThat(TraceParent.traceIdOf(HEADER)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
    "",
    "garbage",
    "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"
  })
  void anythingElseIsNoTraceContext(String header) {
    assertThat(TraceParent.parse(header)).isEmpty();
    assertThat(TraceParent.traceIdOf(header)).isNull();
  }
}
