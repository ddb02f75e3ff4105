package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

/** The timers and heartbeats of one session, against a real scheduler and a socket that reads when told. */
class ViewerLivenessTest {

  private static final Executor NOW = Runnable::run;
  private static final Duration LONG = Duration.ofHours(1);

  /** Sends complete only when the test says so. */
  private static final class SlowSocket implements ViewerSocket {
    final Queue<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    final List<CloseStatus> closes = new ArrayList<>();
    int pings;

    @Override
    public String id() {
      return "s1";
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
      inFlight.add(done);
    }

    @Override
    public void ping() {
      pings++;
    }

    @Override
    public void close(CloseStatus status) {
      closes.add(status);
    }
  }

  private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
  private final SlowSocket socket = new SlowSocket();
  private final ViewerMailbox mailbox =
      new ViewerMailbox(
          socket,
          new OutboundQueue("u1", 0, 16, tenant -> true),
          NOW,
          NOW,
          new ViewerMetrics(new SimpleMeterRegistry()));
  private final ViewerLiveness liveness = new ViewerLiveness(mailbox, timers);

  ViewerLivenessTest() {
    timers.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void aNewWaitReplacesThePreviousOne() {
    liveness.startWait(LONG, () -> {});
    liveness.startWait(LONG, () -> {});
    liveness.startExpiry(LONG, () -> {});

    assertThat(timers.getQueue()).hasSize(2);
  }

  @Test
  void stoppingCancelsTheWaitAndTheExpiry() {
    liveness.startWait(LONG, () -> {});
    liveness.startExpiry(LONG, () -> {});

    liveness.stop();

    assertThat(timers.getQueue()).isEmpty();
  }

  @Test
  void aTimerStartedAfterTheSessionEndedIsNeverScheduled() {
    liveness.stop();

    liveness.startWait(Duration.ZERO, () -> {});
    liveness.startExpiry(Duration.ZERO, () -> {});

    assertThat(timers.getTaskCount()).isZero();
  }

  @Test
  void aSendInFlightIsNotJudgedByThePongTimeout() {
    mailbox.tell("{\"type\":\"authenticated\",\"upload_id\":\"u1\",\"message\":\"Authenticated\"}");
    assertThat(socket.inFlight).hasSize(1);

    liveness.heartbeat(1_000, 500);
    liveness.heartbeat(2_000, 500);
    assertThat(socket.pings).isZero();
    assertThat(socket.closes).isEmpty();

    socket.inFlight.poll().accept(null);
    liveness.heartbeat(3_000, 500);
    assertThat(socket.pings).isEqualTo(1);
  }

  @Test
  void aPongTimeoutClosesOnceAndEndsTheTimers() {
    liveness.startExpiry(LONG, () -> {});
    liveness.heartbeat(1_000, 500);

    liveness.heartbeat(2_000, 500);
    liveness.heartbeat(3_000, 500);

    assertThat(socket.closes).containsExactly(CloseCodes.PONG_TIMEOUT);
    assertThat(timers.getQueue()).isEmpty();
  }
}
