package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What Ctrl-C does while an upload is followed. On a terminal it asks {@value #QUESTION}: "y" asks the gateway to
 * cancel the upload ({@code DELETE /api/uploads/{id}}), prints the answer ({@code cancel requested}, or the 409's
 * message when the upload has already finished) and keeps following until the {@code cancelled} status ends it
 * ({@link ExitCodes#CANCELLED}); anything else, Enter (the default) or the end of input, stops following while the
 * upload goes on on the server ({@link ExitCodes#INTERRUPTED}). Without a terminal (piped, {@code --json}) nobody can
 * answer: Ctrl-C stops following at once. So does a Ctrl-C while the question is open or after a cancel was
 * requested.
 *
 * <p>Runs on the signal's thread ({@link InterruptSignal}); the question holds the view ({@link HeldView}) so the
 * progress bar does not overwrite it.
 */
final class Interruption implements Runnable {

  static final String QUESTION = "Cancel the upload on the server too? [y/N] ";

  /** The person at the terminal. */
  interface Console {
    /** Prints {@code prompt} and reads one line; null at the end of input. */
    String readLine(String prompt);
  }

  /** What an answer to {@link #QUESTION} means. */
  enum Decision {
    CANCEL,
    STOP_WATCHING
  }

  private final Console console;
  private final PrintWriter out;
  private final HeldView view;
  private final Supplier<GatewayClient.CancelAnswer> cancel;
  private final Runnable stopWatching;
  private final String uploadId;
  /** Guarded by this. */
  private boolean asking;
  /** Guarded by this. */
  private boolean cancelRequested;
  /** Guarded by this. */
  private boolean stopped;

  /**
   * @param console the terminal; null when there is none (output piped, {@code --json})
   * @param cancel sends the cancel request
   * @param stopWatching ends following; the follow then ends with {@link ExitCodes#INTERRUPTED}
   */
  Interruption(
      Console console,
      PrintWriter out,
      HeldView view,
      Supplier<GatewayClient.CancelAnswer> cancel,
      Runnable stopWatching,
      String uploadId) {
    this.console = console;
    this.out = out;
    this.view = view;
    this.cancel = cancel;
    this.stopWatching = stopWatching;
    this.uploadId = uploadId;
  }

  /** "y" or "yes" in any case, spaces around allowed; everything else, null included, is the default: no. */
  static Decision decide(String answer) {
    String word = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    return word.equals("y") || word.equals("yes") ? Decision.CANCEL : Decision.STOP_WATCHING;
  }

  /** One Ctrl-C. */
  @Override
  public void run() {
    boolean stopNow;
    boolean interruptsQuestion;
    synchronized (this) {
      if (stopped) {
        return;
      }
      interruptsQuestion = asking;
      stopNow = console == null || asking || cancelRequested;
      if (stopNow) {
        stopped = true;
      } else {
        asking = true;
      }
    }
    if (stopNow) {
      if (interruptsQuestion) {
        out.println();
        out.flush();
      }
      stopWatching.run();
      return;
    }
    view.hold();
    String answer;
    try {
      answer = console.readLine(QUESTION);
    } catch (RuntimeException e) {
      // The terminal went away (java.io.IOError from Console): nobody answered.
      answer = null;
    }
    synchronized (this) {
      asking = false;
      if (stopped) {
        return; // a second Ctrl-C stopped following meanwhile
      }
      if (decide(answer) == Decision.STOP_WATCHING) {
        stopped = true;
      }
    }
    if (decide(answer) == Decision.CANCEL) {
      GatewayClient.CancelAnswer answered = cancel.get();
      synchronized (this) {
        cancelRequested = answered.accepted();
      }
      out.println(answered.describe()
          + (answered.accepted() ? "; waiting for the processor to stop it (Ctrl-C again: stop watching)" : ""));
      out.flush();
      view.release();
    } else {
      view.release();
      stopWatching.run();
    }
  }

  /** Why following stopped, for the exit line and stderr. */
  synchronized String stopReason() {
    return cancelRequested
        ? "stopped watching upload " + uploadId + " (Ctrl-C); its cancel was requested"
        : "stopped watching upload " + uploadId + " (Ctrl-C); it goes on on the server";
  }
}
