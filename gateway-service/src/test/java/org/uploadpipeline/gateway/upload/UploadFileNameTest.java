package org.uploadpipeline.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadFileNameTest {

  @Test
  void keepsTheNameOfAFileWithoutItsDirectoryOrControlCharacters() {
    assertThat(UploadFileName.of("ventas noviembre.csv")).isEqualTo("ventas noviembre.csv");
    assertThat(UploadFileName.of("/home/ana/ventas.csv")).isEqualTo("ventas.csv");
    assertThat(UploadFileName.of("C:\\Users\\ana\\ventas.csv")).isEqualTo("ventas.csv");
    assertThat(UploadFileName.of("ven\ntas\t.csv")).isEqualTo("ventas.csv");
  }

  @Test
  void isAtMost255CharactersAndNullWhenNothingIsLeft() {
    assertThat(UploadFileName.of("a".repeat(300) + ".csv")).hasSize(UploadFileName.MAX_LENGTH);
    assertThat(UploadFileName.of("dir/")).isNull();
    assertThat(UploadFileName.of("  ")).isNull();
    assertThat(UploadFileName.of(null)).isNull();
  }
}
