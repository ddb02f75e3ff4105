package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.session.OutboundQueue.Close;
import org.uploadpipeline.gateway.session.OutboundQueue.Idle;
import org.uploadpipeline.gateway.session.OutboundQueue.Next;
import org.uploadpipeline.gateway.session.OutboundQueue.Offered;
import org.uploadpipeline.gateway.session.OutboundQueue.Send;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadStatus;
import tools.jackson.databind.JsonNode;

/** The mailbox's rules alone, without threads or sockets: what goes out, in which order, and what is conflated. */
class OutboundQueueTest {

  private static final String PONG = "{\"type\":\"pong\",\"upload_id\":\"u1\",\"timestamp\":1}";

  private final OutboundQueue queue =
      new OutboundQueue("u1", 0, 4, tenant -> "acme".equals(tenant));

  @Test
  void saysWhetherAnythingWaits() {
    assertThat(queue.hasNext()).isFalse();
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    assertThat(queue.hasNext()).isTrue();
    drain();
    assertThat(queue.hasNext()).isFalse();
    queue.beginClosing(CloseCodes.SERVICE_RESTART, "Server restarting", "reconnect");
    assertThat(queue.hasNext()).isTrue();
  }

  @Test
  void replacesAWaitingStateOfTheSameStatusWithTheNewerOne() {
    assertThat(queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0)).isEqualTo(Offered.QUEUED);
    assertThat(queue.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0))
        .isEqualTo(Offered.CONFLATED);

    assertThat(drain()).containsExactly("status:3");
  }

  @Test
  void keepsEveryStatusChangeAndTheCompleteThatFollowsIt() {
    queue.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    queue.offer(rendered(TestSnapshots.completed("u1", "acme", 3)), 0);

    assertThat(drain()).containsExactly("status:1", "status:2", "status:3", "complete:3");
  }

  @Test
  void aFailureFollowsItsStatusWithAnErrorOfTheSameSeq() {
    queue.offer(rendered(TestSnapshots.failed("u1", "acme", 4)), 0);

    assertThat(drain()).containsExactly("status:4", "error:4");
  }

  @Test
  void sendsProgressWhileTheStatusStaysAndNothingForARepeatedTerminalStatus() {
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 1, 10, 100)), 0);
    assertThat(drain()).containsExactly("status:1");
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    assertThat(drain()).containsExactly("progress:2");
    queue.offer(rendered(TestSnapshots.completed("u1", "acme", 3)), 0);
    assertThat(drain()).containsExactly("status:3", "complete:3");

    queue.offer(rendered(TestSnapshots.completed("u1", "acme", 4)), 0);

    assertThat(drain()).isEmpty();
  }

  @Test
  void repliesGoBeforeWaitingStatesButAfterTheCompleteOfAStatusAlreadyTaken() {
    queue.offer(rendered(TestSnapshots.completed("u1", "acme", 5)), 0);
    queue.addReply(PONG);
    assertThat(type(queue.next())).isEqualTo("pong:0");

    assertThat(type(queue.next())).isEqualTo("status:5");
    queue.addReplyIfRoom(PONG);

    assertThat(drain()).containsExactly("complete:5", "pong:0");
  }

  @Test
  void acceptsOnlyStatesNewerThanTheResumePointAndTheLastAccepted() {
    OutboundQueue resumed = new OutboundQueue("u1", 3, 4, tenant -> true);

    assertThat(resumed.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0))
        .isEqualTo(Offered.IGNORED);
    assertThat(resumed.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0))
        .isEqualTo(Offered.QUEUED);
    assertThat(resumed.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0))
        .isEqualTo(Offered.IGNORED);
    assertThat(resumed.offer(rendered(TestSnapshots.pending("u1", "acme", 2)), 0)).isEqualTo(Offered.IGNORED);
  }

  @Test
  void carriesTheTimeAStateArrivedForTheLatencyMeterButNotForItsFollowers() {
    queue.offer(rendered(TestSnapshots.completed("u1", "acme", 1)), 42);

    assertThat(((Send) queue.next()).receivedNanos()).isEqualTo(42);
    assertThat(((Send) queue.next()).receivedNanos()).isZero();
  }

  @Test
  void holdsAtMostTheGivenNumberOfRepliesToClientMessages() {
    for (int i = 0; i < 4; i++) {
      assertThat(queue.addReplyIfRoom(PONG)).isTrue();
    }

    assertThat(queue.addReplyIfRoom(PONG)).isFalse();
  }

  @Test
  void closingDropsWhatWaitsSendsOneErrorThenTheClose() {
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 1, 10, 100)), 0);
    queue.addReply(PONG);

    queue.beginClosing(CloseCodes.POLICY, "Too many messages", "at most 5 messages a second");

    assertThat(queue.isEnding()).isTrue();
    assertThat(queue.addReply(PONG)).isFalse();
    assertThat(queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0)).isEqualTo(Offered.IGNORED);
    JsonNode error = json(queue.next());
    assertThat(error.get("type").asString()).isEqualTo("error");
    assertThat(error.get("message").asString()).isEqualTo("Too many messages");
    assertThat(queue.next()).isEqualTo(new Close(CloseCodes.POLICY));
    assertThat(queue.isClosed()).isTrue();
    assertThat(queue.next()).isInstanceOf(Idle.class);
  }

  @Test
  void turnsAnotherTenantsStateIntoAForbiddenCloseWithoutAByteOfIt() {
    queue.offer(rendered(TestSnapshots.processing("u1", "globex", 1, 42.5, 425)), 0);

    Next first = queue.next();

    assertThat(type(first)).isEqualTo("error:0");
    assertThat(((Send) first).text()).doesNotContain("42.5").doesNotContain("globex");
    assertThat(queue.next()).isEqualTo(new Close(CloseCodes.FORBIDDEN));
  }

  @Test
  void aClosedQueueSendsNothing() {
    queue.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    queue.addReply(PONG);

    queue.close();

    assertThat(queue.next()).isInstanceOf(Idle.class);
    assertThat(queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0)).isEqualTo(Offered.IGNORED);
  }

  @Test
  void tellsTheStatusFromTheLastOneSentNotTheLastOneOffered() {
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 1, 10, 100)), 0);
    assertThat(drain()).containsExactly("status:1");
    queue.offer(rendered(TestSnapshots.of("u1", "acme", 2, UploadStatus.VALIDATING, 1, 0, "Validating")), 0);
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0);

    assertThat(drain()).containsExactly("status:2", "status:3");
  }

  /** Everything the queue gives until it is idle, as {@code type:seq}. */
  private List<String> drain() {
    List<String> sent = new ArrayList<>();
    for (Next next = queue.next(); next instanceof Send; next = queue.next()) {
      sent.add(type(next));
    }
    return sent;
  }

  private static String type(Next next) {
    JsonNode message = json(next);
    return message.get("type").asString() + ":" + message.path("seq").asLong();
  }

  private static JsonNode json(Next next) {
    assertThat(next).isInstanceOf(Send.class);
    return ProtocolJson.mapper().readTree(((Send) next).text());
  }

  private static RenderedSnapshot rendered(ProgressSnapshot snapshot) {
    return new RenderedSnapshot(TestSnapshots.stored(snapshot));
  }
}
