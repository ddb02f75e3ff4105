package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final RefusalLog refusals = new RefusalLog();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void writesOneLineASecondPerKindAndCountsTheRest() {
    for (int i = 0; i < 100; i++) {
      refusals.refused("viewer handshake", "403 browser origin http://x.example is not allowed");
    }
    refusals.refused("viewer token", "token expired");

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Refused (viewer handshake): 403 browser origin http://x.example is not allowed",
            "Refused (viewer token): token expired");
  }

  @Test
  void keepsRequestTextOnOneBoundedLine() {
    assertThat(RefusalLog.printable("http://x.example\r\nFake: line")).isEqualTo("http://x.example??Fake: line");
    assertThat(RefusalLog.printable("o".repeat(500))).hasSize(201);
    assertThat(RefusalLog.printable(null)).isEqualTo("none");
  }
}
