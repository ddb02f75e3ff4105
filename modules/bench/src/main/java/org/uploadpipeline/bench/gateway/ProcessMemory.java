package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Memory and descriptors of a process: {@code VmRSS} of {@code /proc/<pid>/status}, open file descriptors, and a JVM's
 * heap through {@code jcmd} (run from this JVM's own JDK, each call bounded by a timeout).
 */
final class ProcessMemory {

  private static final long JCMD_TIMEOUT_SECONDS = 60;
  /** G1 and Serial both print {@code ... heap   total 123K, used 45K [...} first. */
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

  private ProcessMemory() {}

  /** Resident set size in KiB. */
  static long rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** Open file descriptors of the process (sockets included). */
  static long openFds(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The soft limit on open files ("Max open files" of {@code /proc/<pid>/limits}). */
  static long fdLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no open-file limit in /proc/" + pid + "/limits");
  }

  /** A full GC in the JVM ({@code jcmd <pid> GC.run}). */
  static void gc(long pid) {
    jcmd(pid, "GC.run");
  }

  /** Heap used in KiB as {@code jcmd <pid> GC.heap_info} reports it. */
  static long heapUsedKib(long pid) {
    String info = jcmd(pid, "GC.heap_info");
    Matcher matcher = HEAP_USED.matcher(info);
    if (!matcher.find()) {
      throw new IllegalStateException("cannot read the heap used from: " + info);
    }
    return Long.parseLong(matcher.group(2));
  }

  private static long statusField(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process =
          new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("TIMEOUT: jcmd " + pid + " " + command + " took over "
            + JCMD_TIMEOUT_SECONDS + " s");
      }
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in jcmd", e);
    }
  }
}
