package org.uploadpipeline.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

/** The Java client against a scripted WebSocket server over real sockets. */
class UploadFollowerTest {

  private static final String UPLOAD = "upload-1";
  private static final String TOKEN = "token-abc";
  private static final UploadFollower.Settings FAST =
      UploadFollower.Settings.DEFAULTS.withDelays(Duration.ofMillis(20), Duration.ofMillis(400)).withMaxAttempts(3);

  private final List<ServerMessage> seen = new CopyOnWriteArrayList<>();
  private final List<ServerMessage> repeated = new CopyOnWriteArrayList<>();
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  private final UploadFollower.Listener listener = new UploadFollower.Listener() {
    @Override
    public void message(ServerMessage message) {
      seen.add(message);
    }

    @Override
    public void repeated(ServerMessage message) {
      repeated.add(message);
    }

    @Override
    public void reconnecting(int attempt, Duration delay, String reason) {
      delays.add(delay);
    }
  };

  /** The contract's close-code table (README "The contract", {@code CloseCode}), row by row. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1000, stop", "1001, resume", "1008, resume", "1012, resume", "4001, stop", "4003, stop", "4004, stop",
    "4008, later", "4999, resume"
  })
  void everyCloseCodeIsHandledAsTheTableSays(int code, String action) throws Exception {
    try (ScriptedGateway gateway = ScriptedGateway.start(
        first -> {
          first.send(status(1, UploadStatus.PROCESSING));
          if (code >= 4000) {
            first.send(new ServerMessage.Error(UPLOAD, null, "refused", "why " + code, null));
          }
          first.close(code, "bye");
        },
        second -> {
          second.send(status(2, UploadStatus.COMPLETED));
          second.send(complete(2));
        })) {

      UploadFollower.Ending ending = follow(gateway, FAST);

      if (action.equals("stop")) {
        assertThat(ending).isEqualTo(new UploadFollower.Ending.Refused(code, code >= 4000 ? "refused: why " + code
            : "bye"));
        assertThat(gateway.connections()).hasSize(1);
        assertThat(delays).isEmpty();
      } else {
        assertThat(ending).isInstanceOf(UploadFollower.Ending.Completed.class);
        assertThat(gateway.connections()).hasSize(2);
        assertThat(gateway.connections().get(1).query()).isEqualTo("lastSeq=1");
        assertThat(delays).hasSize(1);
        if (action.equals("later")) {
          assertThat(delays.get(0)).isEqualTo(FAST.maxDelay());
        } else {
          assertThat(delays.get(0)).isLessThan(FAST.maxDelay()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        }
      }
    }
  }

  @Test
  void authenticatesWithTheFirstMessageAndKeepsTheTokenOutOfTheUrl() throws Exception {
    try (ScriptedGateway gateway = ScriptedGateway.start(only -> only.send(complete(1)))) {
      follow(gateway, FAST);

      ScriptedGateway.Connection connection = gateway.connections().get(0);
      assertThat(connection.query()).isNull();
      assertThat(connection.firstMessage()).isEqualTo("{\"type\":\"authenticate\",\"token\":\"" + TOKEN + "\"}");
    }
  }

  @Test
  void aStateSeenBeforeIsNotPassedOnAfterAReconnect() throws Exception {
    try (ScriptedGateway gateway = ScriptedGateway.start(
        first -> {
          first.send(status(1, UploadStatus.PROCESSING));
          first.close(1012, "Service restart");
        },
        second -> {
          second.send(status(1, UploadStatus.PROCESSING));
          second.send(status(2, UploadStatus.COMPLETED));
          second.send(complete(2));
        })) {

      follow(gateway, FAST);

      assertThat(repeated).containsExactly(status(1, UploadStatus.PROCESSING));
      assertThat(seen).containsExactly(status(1, UploadStatus.PROCESSING), status(2, UploadStatus.COMPLETED),
          complete(2));
    }
  }

  @Test
  void aDropBetweenTheFinalStatusAndCompleteResumesOneBeforeSoCompleteComesAgain() throws Exception {
    try (ScriptedGateway gateway = ScriptedGateway.start(
        first -> {
          first.send(status(3, UploadStatus.COMPLETED));
          first.close(1012, "Service restart");
        },
        second -> {
          second.send(status(3, UploadStatus.COMPLETED));
          second.send(complete(3));
        })) {

      UploadFollower.Ending ending = follow(gateway, FAST);

      assertThat(gateway.connections().get(1).query()).isEqualTo("lastSeq=2");
      assertThat(ending).isEqualTo(new UploadFollower.Ending.Completed(complete(3)));
    }
  }

  @Test
  void aFailedUploadEndsFollowingWithItsError() throws Exception {
    ServerMessage.Error failure = new ServerMessage.Error(UPLOAD, 2L, "Processing failed", "bad header", null);
    try (ScriptedGateway gateway = ScriptedGateway.start(only -> only.send(failure))) {
      assertThat(follow(gateway, FAST)).isEqualTo(new UploadFollower.Ending.Failed(failure));
      assertThat(UploadFollower.reason(failure)).isEqualTo("Processing failed: bad header");
    }
  }

  @Test
  void aConnectionSilentAfterAPingIsReplaced() throws Exception {
    UploadFollower.Settings heartbeat = FAST.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(200));
    try (ScriptedGateway gateway = ScriptedGateway.start(
        first -> first.send(status(1, UploadStatus.PROCESSING)),
        second -> second.send(complete(2)))) {

      UploadFollower.Ending ending = follow(gateway, heartbeat);

      assertThat(ending).isInstanceOf(UploadFollower.Ending.Completed.class);
      assertThat(gateway.connections().get(0).received()).anyMatch(text -> text.contains("\"type\":\"ping\""));
      assertThat(gateway.connections().get(1).query()).isEqualTo("lastSeq=1");
    }
  }

  @Test
  void givesUpAfterMaxAttemptsWhenNothingAnswers() throws Exception {
    URI nothing;
    try (ScriptedGateway gateway = ScriptedGateway.start(only -> { })) {
      nothing = gateway.channel(UPLOAD);
    }

    UploadFollower.Ending ending = new UploadFollower(FAST).follow(List.of(nothing), TOKEN, listener).ending()
        .get(10, TimeUnit.SECONDS);

    assertThat(ending).isInstanceOf(UploadFollower.Ending.GaveUp.class);
    assertThat(((UploadFollower.Ending.GaveUp) ending).attempts()).isEqualTo(3);
    assertThat(((UploadFollower.Ending.GaveUp) ending).reason()).startsWith("cannot connect to " + nothing);
  }

  @Test
  void backoffIsEqualJitterUnderTheCap() {
    Duration initial = Duration.ofMillis(500);
    Duration max = Duration.ofSeconds(15);

    assertThat(Backoff.delay(0, initial, max, 2, () -> 0)).isEqualTo(Duration.ofMillis(250));
    assertThat(Backoff.delay(0, initial, max, 2, () -> 0.999_999)).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.delay(3, initial, max, 2, () -> 0.5)).isEqualTo(Duration.ofMillis(3_000));
    assertThat(Backoff.delay(10, initial, max, 2, () -> 0)).isEqualTo(Duration.ofMillis(7_500));
  }

  @Test
  void anUnknownMessageTypeIsSkipped() throws Exception {
    List<String> unreadable = new CopyOnWriteArrayList<>();
    UploadFollower.Listener counting = new UploadFollower.Listener() {
      @Override
      public void message(ServerMessage message) {
        seen.add(message);
      }

      @Override
      public void unreadable(String text, String problem) {
        unreadable.add(text);
      }
    };
    try (ScriptedGateway gateway = ScriptedGateway.start(only -> {
      only.session().getBasicRemote().sendText("{\"type\":\"from_the_future\",\"upload_id\":\"" + UPLOAD + "\"}");
      only.send(complete(1));
    })) {
      UploadFollower.Ending ending = new UploadFollower(FAST).follow(List.of(gateway.channel(UPLOAD)), TOKEN, counting)
          .ending().get(10, TimeUnit.SECONDS);

      assertThat(ending).isInstanceOf(UploadFollower.Ending.Completed.class);
      assertThat(unreadable).hasSize(1);
    }
  }

  private UploadFollower.Ending follow(ScriptedGateway gateway, UploadFollower.Settings settings) throws Exception {
    return new UploadFollower(settings).follow(List.of(gateway.channel(UPLOAD)), TOKEN, listener).ending()
        .get(10, TimeUnit.SECONDS);
  }

  private static ServerMessage.Status status(long seq, UploadStatus status) {
    return new ServerMessage.Status(
        UPLOAD, seq, status, status.name(), status.isTerminal() ? 100 : 50, 10, 20L, 0.0, null, false, null);
  }

  private static ServerMessage.Complete complete(long seq) {
    return new ServerMessage.Complete(UPLOAD, seq, "done", new ServerMessage.Results(UPLOAD, 20, 18, 18, 2, 90.0,
        new AggregationCounts(18, 1, 1, 1), List.of()), null);
  }
}
