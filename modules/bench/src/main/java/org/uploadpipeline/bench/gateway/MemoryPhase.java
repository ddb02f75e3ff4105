package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Memory per idle session: the gateway's RSS (without and after a forced full GC) and heap used after GC, with no
 * session (after a warm-up of {@value #WARM_UP_SESSIONS} opened and closed) and with N idle authenticated sessions
 * that all got their first state; per session = difference / N.
 * N is capped, and the cap printed, when this process or the gateway would run out of file descriptors.
 */
final class MemoryPhase {

  /** Descriptors kept free for everything else a process opens meanwhile (jars, Kafka, RocksDB, logs). */
  private static final int FD_MARGIN = 150;
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static final int WARM_UP_SESSIONS = 200;

  /** The memory figures of one moment, in KiB. */
  private record Reading(long rssKib, long rssAfterGcKib, long heapAfterGcKib) {}

  private final GatewayUnderTest gateway;
  private final int requested;
  private final String uploadId = "suite-memory-" + Long.toString(System.currentTimeMillis(), 36);

  MemoryPhase(GatewayUnderTest gateway, SuiteSizes sizes) {
    this.gateway = gateway;
    this.requested = sizes.memorySessions();
  }

  List<ResultRow> run() throws Exception {
    gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
    int sessions = affordable();
    try (SnapshotFeed feed = new SnapshotFeed(gateway.bootstrapServers())) {
      feed.send(uploadId, 1, UploadStatus.PROCESSING);
      feed.flush();
    }
    warmUp();
    Reading before = read();
    ResultRow row;
    try (Viewers viewers = new Viewers(gateway, "memory-" + uploadId, 2)) {
      long start = System.nanoTime();
      viewers.open(Collections.nCopies(sessions, uploadId));
      viewers.awaitReady(Duration.ofSeconds(60 + sessions / 100));
      double seconds = (System.nanoTime() - start) / 1e9;
      // Lets the last handshakes' garbage and in-flight sends finish, so the reading is of idle sessions.
      Waits.pause(SETTLE);
      int held = viewers.ready() - viewers.closedAfterReady();
      long gatewayFds = ProcessMemory.openFds(gateway.pid());
      Reading after = read();
      System.out.printf(Locale.ROOT, "memory: %s in %.1f s (%.0f handshakes/s); gateway holds %d fds%n",
          viewers.progress(), seconds, viewers.ready() / seconds, gatewayFds);
      row = report(before, after, held);
    }
    gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
    return List.of(row);
  }

  /**
   * Opens and closes a few sessions first: the first ones on a fresh gateway load classes and build the container's
   * WebSocket machinery once, which is not what each session costs.
   */
  private void warmUp() throws Exception {
    try (Viewers viewers = new Viewers(gateway, "memory-warm-" + uploadId, 1)) {
      viewers.open(Collections.nCopies(WARM_UP_SESSIONS, uploadId));
      viewers.awaitReady(Duration.ofSeconds(60));
    }
    gateway.awaitNoSessions(GatewayUnderTest.SESSIONS_GONE);
  }

  /** The requested sessions, or fewer when a process's descriptor limit would not hold them (said so). */
  private int affordable() {
    long self = ProcessHandle.current().pid();
    long clientRoom = ProcessMemory.fdLimit(self) - ProcessMemory.openFds(self) - FD_MARGIN;
    long gatewayRoom = ProcessMemory.fdLimit(gateway.pid()) - ProcessMemory.openFds(gateway.pid()) - FD_MARGIN;
    long room = Math.min(clientRoom, gatewayRoom);
    System.out.printf(Locale.ROOT, "memory: fd room (limit - open - %d margin): this client %d, the gateway %d%n",
        FD_MARGIN, clientRoom, gatewayRoom);
    if (room < requested) {
      System.out.println("LIMIT: only " + room + " of " + requested + " sessions fit the file-descriptor limits above;"
          + " measuring with " + room);
      return (int) room;
    }
    return requested;
  }

  private Reading read() {
    long pid = gateway.pid();
    long rss = ProcessMemory.rssKib(pid);
    ProcessMemory.gc(pid);
    return new Reading(rss, ProcessMemory.rssKib(pid), ProcessMemory.heapUsedKib(pid));
  }

  private static ResultRow report(Reading before, Reading after, int sessions) {
    double n = Math.max(1, sessions);
    String result = String.format(Locale.ROOT,
        "per session: RSS %.1f KiB without forced GC (%d → %d MiB), RSS %.1f KiB after GC.run (%d → %d MiB), heap used"
            + " after GC %.1f KiB (%d → %d MiB)",
        (after.rssKib() - before.rssKib()) / n, before.rssKib() / 1024, after.rssKib() / 1024,
        (after.rssAfterGcKib() - before.rssAfterGcKib()) / n, before.rssAfterGcKib() / 1024,
        after.rssAfterGcKib() / 1024, (after.heapAfterGcKib() - before.heapAfterGcKib()) / n,
        before.heapAfterGcKib() / 1024, after.heapAfterGcKib() / 1024);
    System.out.println("memory: " + sessions + " idle sessions: " + result);
    return new ResultRow("memory", sessions + " idle authenticated sessions (first state received)", result);
  }
}
