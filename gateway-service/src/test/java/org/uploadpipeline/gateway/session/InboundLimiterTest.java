package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.session.InboundLimiter.Complete;
import org.uploadpipeline.gateway.session.InboundLimiter.Partial;
import org.uploadpipeline.gateway.session.InboundLimiter.TooLarge;

class InboundLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenTheRateAndRefusesAFlood() {
    InboundLimiter limiter = new InboundLimiter(2, 3, 100, 0);

    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isFalse();
    assertThat(limiter.tryAcquire(SECOND / 2)).isTrue();
    assertThat(limiter.tryAcquire(SECOND / 2)).isFalse();
    assertThat(limiter.tryAcquire(10 * SECOND)).isTrue();
  }

  @Test
  void assemblesFragmentsAndRefusesAMessageOverTheLimit() {
    InboundLimiter limiter = new InboundLimiter(5, 10, 10, 0);

    assertThat(limiter.append("{\"a\":", false)).isInstanceOf(Partial.class);
    assertThat(limiter.append("1}", true)).isEqualTo(new Complete("{\"a\":1}"));
    assertThat(limiter.append("0123456", false)).isInstanceOf(Partial.class);
    assertThat(limiter.append("789ab", true)).isInstanceOf(TooLarge.class);
    assertThat(limiter.append("é".repeat(6), true)).isInstanceOf(TooLarge.class); // 12 UTF-8 bytes
  }
}
