package org.uploadpipeline.cli;

/**
 * Ctrl-C (SIGINT) delivered to a handler while an upload is followed, instead of ending the JVM. The only class that
 * touches the signal API.
 *
 * <p>Why {@code sun.misc.Signal}: Ctrl-C must ask a question and, on "y", keep the program running until the
 * {@code cancelled} status arrives. A shutdown hook cannot: it runs once the JVM has already begun to exit, with no
 * way back, while standard input may be closed. {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported and
 * kept by JEP 260 for exactly this use) replaces the default SIGINT action for as long as the handler is installed.
 * Its names are written out here rather than imported, so the use stays in this one class; javac's "internal
 * proprietary API" warning for it cannot be suppressed and is expected. Each signal runs the handler on a new thread
 * of the JVM's, so the handler may block (on the question) and a second Ctrl-C still arrives.
 */
final class InterruptSignal {

  /** Where Ctrl-C comes from; tests pass their own and "press" it by running the action. */
  interface Source {
    /** Runs {@code action} on every Ctrl-C until the registration is closed. */
    Registration onInterrupt(Runnable action);
  }

  /** An installed handler; {@link #close()} puts back what was there before (the JVM's: exit with 130). */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** The process's SIGINT. */
  static final Source SIGINT = InterruptSignal::install;

  private InterruptSignal() {}

  private static Registration install(Runnable action) {
    sun.misc.Signal interrupt = new sun.misc.Signal("INT");
    sun.misc.SignalHandler previous;
    try {
      previous = sun.misc.Signal.handle(interrupt, signal -> action.run());
    } catch (IllegalArgumentException e) {
      // SIGINT is the JVM's own here (-Xrs, or an OS without it): Ctrl-C keeps its default, ending the program.
      return () -> {};
    }
    return () -> sun.misc.Signal.handle(interrupt, previous);
  }
}
