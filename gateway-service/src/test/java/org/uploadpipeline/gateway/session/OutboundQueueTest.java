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
  @Test
  void aStallGoesOutOnceAtTheSeqAlreadySentAndTheNextSnapshotClearsItWithAStatus() {
    RenderedSnapshot processing = rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200));
    queue.offer(processing, 0);
    assertThat(drain()).containsExactly("status:2");

    assertThat(queue.offer(processing.stalled(), 0)).isEqualTo(Offered.QUEUED);
    Next stall = queue.next();
    assertThat(json(stall).get("stalled").asBoolean()).isTrue();
    assertThat(json(stall).get("seq").asLong()).isEqualTo(2);
    assertThat(json(stall).get("message").asString()).startsWith("No progress since ");
    assertThat(queue.offer(processing.stalled(), 0)).as("announced once per seq").isEqualTo(Offered.IGNORED);
    assertThat(queue.offer(processing, 0)).as("the snapshot itself is not news").isEqualTo(Offered.IGNORED);

    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0);
    Next cleared = queue.next();
    assertThat(type(cleared)).as("a status, not a progress, after a stall").isEqualTo("status:3");
    assertThat(json(cleared).get("stalled").asBoolean()).isFalse();

    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 4, 40, 400)), 0);
    assertThat(drain()).containsExactly("progress:4");
  }

  @Test
  void aViewerResumingAtTheLatestSeqStillLearnsOfTheStall() {
    OutboundQueue resumed = new OutboundQueue("u1", 2, 4, tenant -> "acme".equals(tenant));
    RenderedSnapshot processing = rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200));

    assertThat(resumed.offer(processing, 0)).isEqualTo(Offered.IGNORED);
    assertThat(resumed.offer(processing.stalled(), 0)).isEqualTo(Offered.QUEUED);
    assertThat(type(resumed.next())).isEqualTo("status:2");
  }

  @Test
  void aBoardHoldsStatesUntilItsListThenSendsOnlyWhatTheListDidNotHold() {
    OutboundQueue board = OutboundQueue.forBoard(4, tenant -> "acme".equals(tenant));
    board.addReply("{\"type\":\"authenticated\"}");
    board.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    board.offer(rendered(TestSnapshots.processing("u2", "acme", 5, 50, 500)), 0);
    assertThat(board.next()).as("authenticated").isInstanceOf(Send.class);
    assertThat(board.next()).as("states wait for the list").isInstanceOf(Idle.class);

    board.addListing("{\"type\":\"uploads\"}", List.of(
        new OutboundQueue.Shown("u1", 2, UploadStatus.PROCESSING),
        new OutboundQueue.Shown("u2", 4, UploadStatus.PROCESSING)));

    assertThat(drainFrom(board)).containsExactly("uploads:0", "progress:5");
  }

  @Test
  void aBoardTakesItsUploadsInTurnAndTellsEachAsAfterItsOwnStatus() {
    OutboundQueue board = OutboundQueue.forBoard(4, tenant -> "acme".equals(tenant));
    board.addListing("{\"type\":\"uploads\"}", List.of());
    assertThat(drainFrom(board)).containsExactly("uploads:0");

    board.offer(rendered(TestSnapshots.pending("u1", "acme", 1)), 0);
    board.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    board.offer(rendered(TestSnapshots.processing("u2", "acme", 7, 70, 700)), 0);
    board.offer(rendered(TestSnapshots.completed("u2", "acme", 8)), 0);

    assertThat(drainFrom(board)).containsExactly("status:1", "status:7", "status:2", "status:8", "complete:8");
    board.offer(rendered(TestSnapshots.processing("u1", "acme", 3, 30, 300)), 0);
    assertThat(drainFrom(board)).containsExactly("progress:3");
  }

  @Test
  void aBoardClosesOnAStateOfATenantItsTokenDoesNotGrant() {
    OutboundQueue board = OutboundQueue.forBoard(4, tenant -> "acme".equals(tenant));
    board.addListing("{\"type\":\"uploads\"}", List.of());
    drainFrom(board);

    board.offer(rendered(TestSnapshots.processing("x1", "globex", 2, 20, 200)), 0);

    assertThat(drainFrom(board)).as("then the close").containsExactly("error:0");
    assertThat(board.isClosed()).isTrue();
  }

  @Test
  void aViewerOfACancelledUploadIsClosedNormallyAfterItsStatusButABoardGoesOn() {
    queue.offer(rendered(TestSnapshots.processing("u1", "acme", 2, 20, 200)), 0);
    queue.offer(rendered(TestSnapshots.of("u1", "acme", 3, UploadStatus.CANCELLED, 20, 200, "Cancelled by u")), 0);

    assertThat(type(queue.next())).isEqualTo("status:2");
    assertThat(type(queue.next())).isEqualTo("status:3");
    assertThat(queue.next()).isEqualTo(new Close(org.springframework.web.socket.CloseStatus.NORMAL));

    OutboundQueue board = OutboundQueue.forBoard(4, tenant -> "acme".equals(tenant));
    board.addListing("{\"type\":\"uploads\"}", List.of());
    board.offer(rendered(TestSnapshots.of("u1", "acme", 3, UploadStatus.CANCELLED, 20, 200, "Cancelled by u")), 0);
    assertThat(drainFrom(board)).containsExactly("uploads:0", "status:3");
    assertThat(board.isEnding()).isFalse();
  }

  private static List<String> drainFrom(OutboundQueue board) {
    List<String> sent = new ArrayList<>();
    for (Next next = board.next(); next instanceof Send; next = board.next()) {
      sent.add(type(next));
    }
    return sent;
  }

  private List<String> drain() {
    return drainFrom(queue);
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
