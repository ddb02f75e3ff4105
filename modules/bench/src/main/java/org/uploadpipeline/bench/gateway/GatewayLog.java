package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The part of the gateway's log one start wrote (the local stack appends every start to the same file): the
 * timestamps of the snapshot store's state changes and of Spring's "Started" line.
 */
final class GatewayLog {

  private final List<String> lines;

  private GatewayLog(List<String> lines) {
    this.lines = lines;
  }

  /** Where the next start will begin writing. */
  static long end(Path log) throws IOException {
    return Files.exists(log) ? Files.size(log) : 0;
  }

  /** What was written to the log from {@code offset} on. */
  static GatewayLog since(Path log, long offset) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, file.length() - offset)];
      file.seek(offset);
      file.readFully(bytes);
      return new GatewayLog(new String(bytes, StandardCharsets.UTF_8).lines().toList());
    }
  }

  /** The time from the first line containing {@code from} to the first containing {@code to} after it. */
  Optional<Duration> between(String from, String to) {
    Optional<Instant> start = firstTime(from);
    Optional<Instant> end = firstTime(to);
    if (start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(start.get(), end.get()));
  }

  /** The first line containing {@code text}, if any. */
  Optional<String> first(String text) {
    return lines.stream().filter(line -> line.contains(text)).findFirst();
  }

  /** Spring Boot's default format starts each line with an ISO-8601 UTC timestamp. */
  private Optional<Instant> firstTime(String text) {
    return first(text).flatMap(line -> {
      try {
        return Optional.of(Instant.parse(line.substring(0, line.indexOf(' '))));
      } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
        return Optional.empty();
      }
    });
  }
}
