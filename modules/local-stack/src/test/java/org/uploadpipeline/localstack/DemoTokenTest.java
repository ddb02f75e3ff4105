package org.uploadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo token passes the checks the stack's gateway makes by default: issuer, audience, lifetime. */
class DemoTokenTest {

  @Test
  void carriesTheIssuerAndAudienceTheGatewayIsGivenAndStaysWithinTheDefaultLifetime(@TempDir Path dataDir)
      throws Exception {
    String secret = DemoToken.secret(dataDir);
    Claims claims =
        Jwts.parser()
            .verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
            .build()
            .parseSignedClaims(DemoToken.mint(secret))
            .getPayload();

    assertThat(claims.getIssuer()).isEqualTo(DemoToken.ISSUER).isEqualTo("upload-pipeline-dev");
    assertThat(claims.getAudience()).containsExactly(DemoToken.AUDIENCE).containsExactly("upload-pipeline");
    assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
        .isLessThanOrEqualTo(Duration.ofHours(24));
    assertThat(Files.readString(dataDir.resolve("jwt-secret")).trim()).isEqualTo(secret);
  }
}
