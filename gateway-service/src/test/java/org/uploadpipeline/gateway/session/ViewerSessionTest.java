package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

class ViewerSessionTest {

  /** Runs nothing until told: stands for a sender thread that is busy with a slow socket. */
  private final Queue<Runnable> senderQueue = new ArrayDeque<>();
  private final Executor sender = senderQueue::add;
  private final List<JsonNode> sent = new ArrayList<>();
  private final WebSocketSession socket = mock(WebSocketSession.class);

  @BeforeEach
  void recordSentMessages() throws Exception {
    doAnswer(
            invocation -> {
              TextMessage message = invocation.getArgument(0);
              sent.add(ProtocolJson.mapper().readTree(message.getPayload()));
              return null;
            })
        .when(socket)
        .sendMessage(any(TextMessage.class));
  }

  @Test
  void conflatesQueuedProgressOfTheSameStatusButKeepsEveryStatusChange() {
    ViewerSession viewer = authenticated(0);

    viewer.offer(TestSnapshots.pending("u1", "acme", 1));
    viewer.offer(TestSnapshots.processing("u1", "acme", 2, 20, 200));
    viewer.offer(TestSnapshots.processing("u1", "acme", 3, 30, 300));
    viewer.offer(TestSnapshots.processing("u1", "acme", 4, 40, 400));
    viewer.offer(TestSnapshots.completed("u1", "acme", 5));
    runSender();

    assertThat(sent).extracting(m -> m.get("type").asString() + ":" + m.path("seq").asLong())
        .containsExactly("authenticated:0", "status:1", "status:4", "status:5", "complete:5");
  }

  @Test
  void offeringNeverRunsTheSendOnTheCallingThread() throws Exception {
    ViewerSession viewer = authenticated(0);
    sent.clear();

    viewer.offer(TestSnapshots.pending("u1", "acme", 1));

    assertThat(sent).isEmpty();
    assertThat(senderQueue).hasSize(1);
  }

  @Test
  void neverSendsASeqAtOrBelowTheLastSeenOne() {
    ViewerSession viewer = authenticated(3);

    viewer.offer(TestSnapshots.processing("u1", "acme", 2, 20, 200));
    viewer.offer(TestSnapshots.processing("u1", "acme", 3, 30, 300));
    runSender();
    viewer.offer(TestSnapshots.processing("u1", "acme", 4, 40, 400));
    viewer.offer(TestSnapshots.processing("u1", "acme", 4, 40, 400));
    runSender();

    assertThat(sent).extracting(m -> m.get("type").asString() + ":" + m.path("seq").asLong())
        .containsExactly("authenticated:0", "status:4");
    assertThat(viewer.isKnown()).isTrue();
  }

  @Test
  void closesWith4003InsteadOfSendingAnotherTenantsSnapshot() throws Exception {
    ViewerSession viewer = authenticated(0);

    viewer.offer(TestSnapshots.processing("u1", "globex", 1, 42.5, 425));
    runSender();

    assertThat(sent).extracting(m -> m.get("type").asString()).containsExactly("authenticated", "error");
    verify(socket).close(CloseCodes.FORBIDDEN);
    verify(socket, never()).close(CloseStatus.NORMAL);
  }

  private ViewerSession authenticated(long lastSeq) {
    ViewerSession viewer = new ViewerSession(socket, "u1", lastSeq, sender);
    viewer.authenticate(new Principal("user-1", Set.of("acme")));
    return viewer;
  }

  private void runSender() {
    Runnable task;
    while ((task = senderQueue.poll()) != null) {
      task.run();
    }
  }
}
