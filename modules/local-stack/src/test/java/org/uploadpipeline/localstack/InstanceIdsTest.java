package org.uploadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdsTest {

  @TempDir Path dir;

  @Test
  void staticMemberNamesAreStablePerDataDirectoryAndDifferBetweenThem() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Files.createDirectories(first);
    Files.createDirectories(second);

    String name = InstanceIds.processor(first, LocalStack.PROCESSOR);

    assertThat(name).matches("local-processor-[0-9a-f]{8}");
    assertThat(InstanceIds.processor(first, LocalStack.PROCESSOR)).as("after a restart").isEqualTo(name);
    assertThat(InstanceIds.processor(first, "processor-2")).isEqualTo(name + "-processor-2");
    assertThat(InstanceIds.processor(second, LocalStack.PROCESSOR)).as("another stack's").isNotEqualTo(name);
  }
}
