package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.uploadpipeline.gateway.GatewayProperties;

/** JWT_REQUIRE_ISSUER_AUDIENCE=false is allowed, but said once at startup when a claim goes unchecked. */
@ExtendWith(OutputCaptureExtension.class)
class IssuerAudienceWarningTest {

  private static final String SECRET = "kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG";
  private static final String WARNING = "JWT_REQUIRE_ISSUER_AUDIENCE=false and";

  @Test
  void warnsOnceWhenOptedOutAndAClaimIsNotChecked(CapturedOutput output) {
    try (TokenVerifier verifier = tokenVerifier(false, "https://id.example.com", null)) {
      assertThat(verifier).isNotNull();
    }

    assertThat(output.getAll()).containsOnlyOnce(WARNING).contains("JWT_AUDIENCE not set");
  }

  @Test
  void saysNothingWhenBothAreChecked(CapturedOutput output) {
    try (TokenVerifier verifier = tokenVerifier(false, "https://id.example.com", "upload-gateway")) {
      assertThat(verifier).isNotNull();
    }
    try (TokenVerifier verifier = tokenVerifier(true, "https://id.example.com", "upload-gateway")) {
      assertThat(verifier).isNotNull();
    }

    assertThat(output.getAll()).doesNotContain(WARNING);
  }

  private static TokenVerifier tokenVerifier(boolean require, String issuer, String audience) {
    GatewayProperties.Jwt jwt =
        new GatewayProperties.Jwt(SECRET, null, null, null, issuer, audience, null, null, require, null, null);
    return new SecurityConfiguration()
        .tokenVerifier(new GatewayProperties(jwt, null, null, null, null, null, null), Clock.systemUTC());
  }
}
