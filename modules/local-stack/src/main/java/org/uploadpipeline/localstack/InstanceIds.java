package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Static group-membership names that belong to one data directory: made once, kept in it. A processor of another
 * stack (another directory) can then never fence this stack's processor by joining with the same name.
 */
final class InstanceIds {

  private InstanceIds() {}

  /** {@code local-processor-<8 hex>} for this data directory, plus {@code -<name>} for an additional instance. */
  static String processor(Path dataDir, String name) throws IOException {
    Path file = dataDir.resolve("instance-id");
    if (!Files.exists(file)) {
      Files.writeString(file, "local-processor-" + UUID.randomUUID().toString().substring(0, 8));
    }
    String base = Files.readString(file).trim();
    return name.equals(LocalStack.PROCESSOR) ? base : base + "-" + name;
  }
}
