package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

class ViewerSessionTest {

  /** Runs nothing until told: stands for the sender threads. */
  private final Queue<Runnable> senderQueue = new ArrayDeque<>();
  private final Executor sender = senderQueue::add;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ViewerMetrics metrics = new ViewerMetrics(meters);
  private final ScheduledExecutorService timers = new ScheduledThreadPoolExecutor(1);

  /** A socket whose sends complete only when the test says so, like a viewer that reads when it pleases. */
  private static final class FakeSocket implements ViewerSocket {
    final List<JsonNode> sent = new ArrayList<>();
    final Queue<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    final List<CloseStatus> closes = new ArrayList<>();
    int pings;
    boolean autoComplete = true;

    @Override
    public String id() {
      return "s1";
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
      sent.add(ProtocolJson.mapper().readTree(text));
      if (autoComplete) {
        done.accept(null);
      } else {
        inFlight.add(done);
      }
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

  private final FakeSocket socket = new FakeSocket();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void conflatesQueuedProgressOfTheSameStatusButKeepsEveryStatusChange() {
    ViewerSession viewer = authenticated(0);
    socket.autoComplete = false;
    runSender(); // authenticated is now in flight: everything below waits in the mailbox

    viewer.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0);
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0);
    viewer.offer(rendered(TestSnapshots.completed("u1", "acme", 5)), 0);
    socket.autoComplete = true;
    socket.inFlight.poll().accept(null);
    runSender();

    assertThat(socket.sent).extracting(m -> m.get("type").asString() + ":" + m.path("seq").asLong())
        .containsExactly("authenticated:0", "status:1", "status:4", "status:5", "complete:5");
    assertThat(meters.get("gateway.ws.messages.conflated").counter().count()).isEqualTo(2);
    assertThat(meters.get("gateway.ws.messages.sent").counter().count()).isEqualTo(5);
  }

  @Test
  void offeringNeverSendsOnTheCallingThread() {
    ViewerSession viewer = authenticated(0);
    runSender();
    socket.sent.clear();

    viewer.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);

    assertThat(socket.sent).isEmpty();
    assertThat(senderQueue).hasSize(1);
  }

  @Test
  void keepsAtMostOneSendInFlight() {
    ViewerSession viewer = authenticated(0);
    socket.autoComplete = false;
    viewer.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    viewer.reply("{\"type\":\"pong\",\"upload_id\":\"u1\",\"timestamp\":1}");
    runSender();

    assertThat(socket.sent).hasSize(1);
    assertThat(socket.inFlight).hasSize(1);
  }

  @Test
  void neverSendsASeqAtOrBelowTheLastSeenOne() {
    ViewerSession viewer = authenticated(3);

    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0);
    runSender();
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0);
    viewer.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0);
    runSender();

    assertThat(socket.sent).extracting(m -> m.get("type").asString() + ":" + m.path("seq").asLong())
        .containsExactly("authenticated:0", "status:4");
    assertThat(viewer.isKnown()).isTrue();
  }

  @Test
  void closesWith4003InsteadOfSendingAnotherTenantsSnapshot() {
    ViewerSession viewer = authenticated(0);

    viewer.offer(rendered(TestSnapshots.processing("u1", "globex", 1, 42.5, 425)), 0);
    runSender();

    assertThat(socket.sent).extracting(m -> m.get("type").asString()).containsExactly("authenticated", "error");
    assertThat(socket.sent.toString()).doesNotContain("42.5").doesNotContain("globex");
    assertThat(socket.closes).containsExactly(CloseCodes.FORBIDDEN);
  }

  @Test
  void closesAViewerThatDoesNotReadWithinTheSendTimeLimitAsTooSlow() {
    ViewerSession viewer = authenticated(0);
    socket.autoComplete = false;
    runSender();

    socket.inFlight.poll().accept(new SocketTimeoutException("send timed out"));
    viewer.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    runSender();

    assertThat(socket.closes).containsExactly(CloseCodes.TOO_SLOW);
    assertThat(socket.sent).hasSize(1);
    assertThat(meters.get("gateway.ws.sessions.dropped").tag("reason", "slow").counter().count()).isEqualTo(1);
  }

  @Test
  void sendsTheErrorBeforeClosingWithAPolicyCode() {
    ViewerSession viewer = authenticated(0);

    viewer.refuse(CloseCodes.POLICY, ViewerMetrics.DropReason.FLOOD, "Too many messages", "at most 5 a second");
    runSender();

    assertThat(socket.sent).extracting(m -> m.get("type").asString()).endsWith("error");
    assertThat(socket.closes).containsExactly(CloseCodes.POLICY);
  }

  @Test
  void pingsIdleViewersAndDropsOnesThatNeverAnswer() {
    ViewerSession viewer = authenticated(0);
    runSender();

    viewer.heartbeat(1_000, 500);
    runSender();
    assertThat(socket.pings).isEqualTo(1);
    viewer.heartbeat(1_200, 500);
    assertThat(socket.closes).isEmpty();
    viewer.heartbeat(2_000, 500);
    runSender();

    assertThat(socket.closes).containsExactly(CloseCodes.PONG_TIMEOUT);
  }

  @Test
  void aPongKeepsTheViewerAlive() {
    ViewerSession viewer = authenticated(0);
    runSender();

    viewer.heartbeat(1_000, 500);
    viewer.ponged();
    viewer.heartbeat(2_000, 500);
    runSender();

    assertThat(socket.closes).isEmpty();
    assertThat(socket.pings).isEqualTo(2);
  }

  private ViewerSession authenticated(long lastSeq) {
    // The defaults: mailbox of 16 replies, 5 messages a second (burst 10), 4 KiB messages.
    GatewayProperties.WebSocket limits =
        GatewayProperties.WebSocket.withWaits(Duration.ofSeconds(10), Duration.ofSeconds(30));
    ViewerSession viewer =
        new ViewerSessionFactory(sender, sender, timers, metrics, limits).open(socket, "u1", lastSeq);
    viewer.authenticate(new Principal("user-1", Set.of("acme"), Instant.now().plusSeconds(3600)));
    return viewer;
  }

  private void runSender() {
    Runnable task;
    while ((task = senderQueue.poll()) != null) {
      task.run();
    }
  }

  private static RenderedSnapshot rendered(ProgressSnapshot snapshot) {
    return new RenderedSnapshot(TestSnapshots.stored(snapshot));
  }
}
