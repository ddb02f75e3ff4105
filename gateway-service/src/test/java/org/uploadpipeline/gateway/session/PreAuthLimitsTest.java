package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.GatewayProperties;

/** The places of connections that have not authenticated: in all, per address, at a rate, given back once. */
class PreAuthLimitsTest {

  private static final long NOW = 1_000_000_000L;

  @Test
  void anAddressHoldsAtMostItsShareAndAPlaceGivenBackIsFreeAgain() {
    PreAuthLimits limits = new PreAuthLimits(new GatewayProperties.PreAuth(10, 2, 100, 100, ""));

    PreAuthLimits.Admission first = limits.admit("10.0.0.1", NOW);
    PreAuthLimits.Admission second = limits.admit("10.0.0.1", NOW);
    PreAuthLimits.Admission third = limits.admit("10.0.0.1", NOW);

    assertThat(first.admitted()).isTrue();
    assertThat(second.admitted()).isTrue();
    assertThat(third.admitted()).isFalse();
    assertThat(third.refusal()).isEqualTo("unauthenticated_per_address");
    assertThat(limits.admit("10.0.0.2", NOW).admitted()).as("another address").isTrue();
    first.slot().release();
    first.slot().release();
    assertThat(limits.held()).as("released once").isEqualTo(2);
    assertThat(limits.admit("10.0.0.1", NOW).admitted()).isTrue();
  }

  @Test
  void theInstanceHoldsAtMostItsMaximumWhateverTheAddresses() {
    PreAuthLimits limits = new PreAuthLimits(new GatewayProperties.PreAuth(3, 3, 100, 100, ""));
    for (int i = 0; i < 3; i++) {
      assertThat(limits.admit("10.0.0." + i, NOW).admitted()).isTrue();
    }

    PreAuthLimits.Admission refused = limits.admit("10.0.0.9", NOW);

    assertThat(refused.refusal()).isEqualTo("unauthenticated_full");
    assertThat(refused.reason()).contains("gateway.pre-auth.max-sessions");
    assertThat(limits.held()).isEqualTo(3);
  }

  @Test
  void handshakesOfAnAddressAreRateLimitedAfterTheBurst() {
    PreAuthLimits limits = new PreAuthLimits(new GatewayProperties.PreAuth(100, 100, 2, 3, ""));
    for (int i = 0; i < 3; i++) {
      limits.admit("10.0.0.1", NOW).slot().release();
    }

    assertThat(limits.admit("10.0.0.1", NOW).refusal()).isEqualTo("handshake_rate");
    assertThat(limits.admit("10.0.0.1", NOW + 500_000_000L).admitted()).as("one token after half a second").isTrue();
    assertThat(limits.admit("10.0.0.2", NOW).admitted()).as("another address").isTrue();
  }
}
