package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU a process has used (utime + stime of {@code /proc/<pid>/stat}): unlike wall time it does not depend on what
 * else the two cores run, so it is the fair cost figure on a shared machine.
 */
final class ProcessCpu {

  /** USER_HZ: 100 on Linux on every platform the JDK supports ({@code getconf CLK_TCK}). */
  static final int TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User plus system CPU so far, in clock ticks of 10 ms. */
  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields 14 and 15 (utime, stime), counted after the command name, which may contain spaces: indexes 11 and 12.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double millis(long ticks) {
    return ticks * 1000.0 / TICKS_PER_SECOND;
  }
}
