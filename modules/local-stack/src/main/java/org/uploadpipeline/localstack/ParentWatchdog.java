package org.uploadpipeline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent the local stack loads into each service it starts ({@code -javaagent:local-stack.jar=<launcher pid>}):
 * when the launcher is gone, however it went (SIGKILL included, where no shutdown hook runs), the service stops
 * itself, so no broker, processor or gateway is left behind to hold ports or join the next stack's consumer group.
 * The service shuts down as on SIGTERM (its shutdown hooks run); if that hangs, it is halted.
 *
 * <p>The agent jar holds this class alone: an agent's jar joins the service's class path, and the launcher's own jar
 * would bring Kafka and a logging backend into the services'.
 */
public final class ParentWatchdog {

  private static final long HALT_AFTER_SECONDS = 30;

  private ParentWatchdog() {}

  /** Writes the agent jar into {@code dir} (each start, so it always matches this build) and returns its path. */
  static Path agentJar(Path dir) throws IOException {
    Path jar = dir.resolve("watchdog-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
    String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
    Path partial = Files.createTempFile(dir, "watchdog-agent", ".part");
    try (InputStream classFile = ParentWatchdog.class.getResourceAsStream("/" + entry);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest)) {
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
    Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return jar;
  }

  public static void premain(String launcherPid) {
    long pid = Long.parseLong(launcherPid.trim());
    Thread watcher = new Thread(() -> watch(pid), "local-stack-watchdog");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void watch(long pid) {
    Optional<ProcessHandle> launcher = ProcessHandle.of(pid);
    launcher.ifPresent(handle -> handle.onExit().join());
    System.err.println("local-stack watchdog: the launcher (pid " + pid + ") is gone; stopping this service");
    Thread halt = new Thread(() -> {
      try {
        TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(137);
    }, "local-stack-watchdog-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(143);
  }
}
