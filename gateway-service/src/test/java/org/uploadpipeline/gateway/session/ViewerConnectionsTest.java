package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/** The drain without a server: who is told to reconnect, and how long it waits for them. */
class ViewerConnectionsTest {

  private static final Executor NOW = Runnable::run;

  /** A viewer that reads at once; the drain runs on another thread, so what it saw is kept thread-safe. */
  private static final class FakeSocket implements ViewerSocket {
    final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "s1";
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
      sent.add(ProtocolJson.mapper().readTree(text));
      done.accept(null);
    }

    @Override
    public void ping() {}

    @Override
    public void close(CloseStatus status) {
      closes.add(status);
    }
  }

  private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
  private final ViewerSessionFactory factory =
      new ViewerSessionFactory(
          NOW,
          NOW,
          timers,
          new ViewerMetrics(new SimpleMeterRegistry()),
          GatewayProperties.WebSocket.withWaits(Duration.ofSeconds(10), Duration.ofSeconds(30)));
  private final ViewerConnections connections = new ViewerConnections();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void drainTellsEveryViewerToReconnectAndWaitsUntilEachConnectionHasEnded() {
    FakeSocket first = new FakeSocket();
    FakeSocket second = new FakeSocket();
    ViewerSession one = open(first);
    ViewerSession two = open(second);

    CompletableFuture<Integer> left = CompletableFuture.supplyAsync(() -> connections.drain(Duration.ofSeconds(30)));

    await().atMost(Duration.ofSeconds(5)).until(() -> !first.closes.isEmpty() && !second.closes.isEmpty());
    assertThat(first.closes).containsExactly(CloseCodes.SERVICE_RESTART);
    assertThat(first.sent.get(first.sent.size() - 1).get("message").asString()).isEqualTo("Server restarting");
    assertThat(connections.isDraining()).isTrue();
    connections.remove(one);
    assertThat(left).isNotDone();
    connections.remove(two);
    assertThat(left).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0);
  }

  @Test
  void aViewerThatConnectsDuringTheDrainIsToldToReconnectAndWaitedFor() {
    ViewerSession early = open(new FakeSocket());
    CompletableFuture<Integer> left = CompletableFuture.supplyAsync(() -> connections.drain(Duration.ofSeconds(30)));
    await().atMost(Duration.ofSeconds(5)).until(connections::isDraining);

    FakeSocket lateSocket = new FakeSocket();
    ViewerSession late = factory.open(lateSocket, "u1", 0);
    assertThat(connections.add(late)).isFalse();
    assertThat(lateSocket.closes).containsExactly(CloseCodes.SERVICE_RESTART);
    connections.remove(early);

    assertThat(left).isNotDone();
    connections.remove(late);
    assertThat(left).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0);
  }

  @Test
  void drainGivesUpAfterItsLimitAndCountsTheConnectionsStillOpen() {
    open(new FakeSocket());
    open(new FakeSocket());

    assertThat(connections.drain(Duration.ofMillis(50))).isEqualTo(2);
  }

  @Test
  void acceptsViewersAgainAfterADrain() {
    connections.drain(Duration.ofMillis(1));

    connections.acceptViewers();

    FakeSocket socket = new FakeSocket();
    assertThat(connections.add(factory.open(socket, "u1", 0))).isTrue();
    assertThat(socket.closes).isEmpty();
    assertThat(connections.count()).isEqualTo(1);
  }

  private ViewerSession open(FakeSocket socket) {
    ViewerSession viewer = factory.open(socket, "u1", 0);
    assertThat(connections.add(viewer)).isTrue();
    return viewer;
  }
}
