package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM started by the local stack, with its output in a log file, stopped gracefully (SIGTERM) then forcibly. */
final class ChildProcess {

  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmArgs> <args>} with the given environment added to this process's.
   *
   * @param args the main class or {@code -jar <file>}, then program arguments
   */
  static ChildProcess startJava(
      String name, List<String> jvmArgs, List<String> args, Map<String, String> env, Path logsDir)
      throws IOException {
    Files.createDirectories(logsDir);
    Path log = logsDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  /** Runs a JVM to completion and fails with its log when it does not exit 0. */
  static void runJava(String name, List<String> args, Path logsDir) throws IOException, InterruptedException {
    // args: JVM options, then the main class or -jar and program arguments.
    ChildProcess child = startJava(name, List.of(), args, Map.of(), logsDir);
    int exit = child.process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(name + " exited with " + exit + "; see " + child.log);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGKILL, and wait until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Throws when the process has died, pointing at its log. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + " during start-up; see " + log);
    }
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
