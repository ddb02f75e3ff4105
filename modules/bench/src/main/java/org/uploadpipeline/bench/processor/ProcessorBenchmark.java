package org.uploadpipeline.bench.processor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.localstack.ServiceOverrides;

/**
 * The processor measured from outside, side by side with the least work that gives the same answer, in one run
 * against the real local stack (broker, processor and gateway as processes):
 * <ul>
 *   <li>small uploads (10 and 20,000 rows, inline in the job): time from sending the job to the first snapshot
 *       ({@code pending}), to the first {@code processing} one, and to {@code completed}, as a read-committed
 *       consumer sees them, over {@code runs} runs after a warm-up;
 *   <li>files ({@code sizes} rows): the pipeline's time against a bare single-thread Commons CSV parse with the same
 *       rules and exact sums ({@link BareAggregation}, best of three), CPU of processor and broker, the processor's
 *       peak RSS, and the broker's bytes on disk per row;
 *   <li>progress latency (snapshot written → seen) pooled over every snapshot of every upload.
 * </ul>
 * Every upload's results are checked against the independent computation ({@link UploadRun#verify}); a run that
 * differs is refused, not reported. Usage: {@code ProcessorBenchmark [sizes=1000000] [workDir] [runs=15]}.
 */
public final class ProcessorBenchmark {

  /** USER_HZ: 100 on Linux on every platform the JDK supports. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;
  private static final int WARM_UP_RUNS = 3;

  private ProcessorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench-processor").toAbsolutePath();
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Files.createDirectories(work);
    Path dataDir = work.resolve("stack-" + UUID.randomUUID());
    LocalStackConfig config = LocalStackConfig.onFreePorts(dataDir);
    Histogram progressLatency = new Histogram(3_600_000_000L, 3);
    List<String> report = new ArrayList<>();
    ServiceOverrides overrides = new ServiceOverrides(List.of("-Xmx512m"), processorEnv(), Map.of());
    System.out.println("processor settings: " + (overrides.processorEnv().isEmpty() ? "defaults"
        : overrides.processorEnv()));
    try (LocalStack stack = LocalStack.start(config, overrides);
        UploadRun uploads = new UploadRun(config.bootstrapServers())) {
      Path scratch = config.uploadsDir().resolve("bench");
      Files.createDirectories(scratch);
      for (int i = 0; i < WARM_UP_RUNS; i++) {
        small(uploads, scratch, 20_000, "warm-" + i);
      }
      report.add("| inline upload | runs | first snapshot (pending) p50 / max ms | first processing p50 / max ms "
          + "| completed p50 / max ms |");
      report.add("|---|---|---|---|---|");
      for (int rows : new int[] {10, 20_000}) {
        Histogram first = new Histogram(3_600_000L, 3);
        Histogram processing = new Histogram(3_600_000L, 3);
        Histogram completed = new Histogram(3_600_000L, 3);
        for (int i = 0; i < runs; i++) {
          UploadRun.Timings t = small(uploads, scratch, rows, "small-" + rows + "-" + i);
          first.recordValue(Math.round(t.firstMs()));
          processing.recordValue(Math.round(t.processingMs()));
          completed.recordValue(Math.round(t.completedMs()));
          t.latenciesMicros().forEach(progressLatency::recordValue);
        }
        report.add(String.format("| %,d rows | %d | %d / %d | %d / %d | %d / %d |", rows, runs,
            first.getValueAtPercentile(50), first.getMaxValue(), processing.getValueAtPercentile(50),
            processing.getMaxValue(), completed.getValueAtPercentile(50), completed.getMaxValue()));
        System.out.println(report.get(report.size() - 1));
      }
      report.add("");
      report.add("| rows | file MB | bare parse+aggregate s | pipeline s | ratio | pipeline rows/s | processor CPU s "
          + "| broker CPU s | processor peak RSS MB | broker bytes on disk per row | snapshots |");
      report.add("|---|---|---|---|---|---|---|---|---|---|---|");
      for (int rows : sizes) {
        // In the tenant's folder of the storage: the only place the processor reads a tenant's files from.
        Path csv = scratch.resolve("bench-" + rows + ".csv");
        SalesCsv.write(csv, rows);
        BareAggregation.Result expected = BareAggregation.run(csv);
        double bare = bareSeconds(csv);
        double processorCpu = cpuSeconds(stack.pid("processor"));
        double brokerCpu = cpuSeconds(stack.pid("broker"));
        long brokerBytes = bytesUnder(dataDir.resolve("kafka"));
        String uploadId = "bench-" + rows + "-" + UUID.randomUUID().toString().substring(0, 8);
        UploadRun.Timings run = uploads.file(uploadId, csv.toUri().toString());
        processorCpu = cpuSeconds(stack.pid("processor")) - processorCpu;
        brokerCpu = cpuSeconds(stack.pid("broker")) - brokerCpu;
        brokerBytes = bytesUnder(dataDir.resolve("kafka")) - brokerBytes;
        uploads.verify(uploadId, run.last(), expected);
        run.latenciesMicros().forEach(progressLatency::recordValue);
        double seconds = run.completedMs() / 1000;
        report.add(String.format("| %,d | %.1f | %.2f | %.2f | %.1f× | %,.0f | %.1f | %.1f | %d | %.0f | %d |",
            rows, Files.size(csv) / 1e6, bare, seconds, seconds / bare, rows / seconds, processorCpu, brokerCpu,
            peakRssKb(stack.pid("processor")) / 1024, brokerBytes / (double) rows, run.latenciesMicros().size()));
        System.out.println(report.get(report.size() - 1));
        Files.delete(csv);
      }
    }
    report.add("");
    report.add(String.format("Progress latency (snapshot written → seen by a read-committed consumer), %d samples: "
        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms", progressLatency.getTotalCount(),
        progressLatency.getValueAtPercentile(50) / 1000.0, progressLatency.getValueAtPercentile(99) / 1000.0,
        progressLatency.getMaxValue() / 1000.0));
    System.out.println();
    report.forEach(System.out::println);
  }

  /**
   * Processor settings to compare, from {@code -Dbench.processor=NAME=VALUE,NAME=VALUE} (the processor's
   * environment variables, e.g. {@code PROCESSOR_CHUNK_ROWS=5000}); none: the defaults.
   */
  private static Map<String, String> processorEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    String spec = System.getProperty("bench.processor", "");
    for (String pair : spec.split(",")) {
      if (!pair.isBlank()) {
        String[] parts = pair.split("=", 2);
        env.put(parts[0].trim(), parts[1].trim());
      }
    }
    return env;
  }

  /** One inline upload of {@code rows} compact rows, checked against the independent computation. */
  private static UploadRun.Timings small(UploadRun uploads, Path scratch, int rows, String name) throws IOException {
    String csv = SalesCsv.compact(rows);
    Path copy = scratch.resolve(name + ".csv");
    Files.writeString(copy, csv);
    BareAggregation.Result expected = BareAggregation.run(copy);
    Files.delete(copy);
    String uploadId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    UploadRun.Timings timings = uploads.inline(uploadId, csv);
    uploads.verify(uploadId, timings.last(), expected);
    return timings;
  }

  /** The fastest of three runs, so JIT warm-up does not flatter the ratio. */
  private static double bareSeconds(Path csv) throws IOException {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      BareAggregation.run(csv);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  /** Bytes of every file under {@code dir} (the broker's log segments and indexes). */
  private static long bytesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return 0; // A segment deleted meanwhile.
        }
      }).sum();
    }
  }

  /**
   * CPU time (user + system) the process has used so far, from {@code /proc/<pid>/stat}: unlike wall time, it does
   * not depend on what else the machine runs.
   */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** The process's peak resident set size (VmHWM), in KiB. */
  private static long peakRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
