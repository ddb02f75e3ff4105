package org.uploadpipeline.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.uploadpipeline.protocol.ServerMessage;

/**
 * A view that can be held while a question is asked on the terminal: what arrives meanwhile (from the follower's
 * thread) is kept, in order, and shown once the question was answered, so the bar never overwrites the question.
 * One lock for all calls: the follower's thread, the Ctrl-C handler's and the main thread's.
 */
final class HeldView implements ProgressView {

  private final ProgressView view;
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;

  HeldView(ProgressView view) {
    this.view = view;
  }

  /** Stops output for a question: the view ends its line; later calls wait in order until {@link #release()}. */
  synchronized void hold() {
    if (!holding) {
      holding = true;
      view.pause();
    }
  }

  /** Output goes on: what came meanwhile is shown, in order, then the current state is drawn. */
  synchronized void release() {
    if (!holding) {
      return;
    }
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
    view.resume();
  }

  @Override
  public synchronized void accepted(UploadRequest request, GatewayClient.Accepted accepted) {
    run(() -> view.accepted(request, accepted));
  }

  @Override
  public synchronized void message(ServerMessage message) {
    run(() -> view.message(message));
  }

  @Override
  public synchronized void reconnecting(int attempt, int maxAttempts, Duration delay, String reason) {
    run(() -> view.reconnecting(attempt, maxAttempts, delay, reason));
  }

  /** The end is never held: the program exits after it, even with a question still open. */
  @Override
  public synchronized void finished(Outcome outcome) {
    release();
    view.finished(outcome);
  }

  private void run(Runnable call) {
    if (holding) {
      held.add(call);
    } else {
      call.run();
    }
  }
}
