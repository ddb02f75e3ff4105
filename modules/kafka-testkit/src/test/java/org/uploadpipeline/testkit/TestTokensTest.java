package org.uploadpipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestTokensTest {

  @Test
  void mintsAVerifiableTokenWithOneTenantOrSeveral() {
    Claims single = parse(TestTokens.hs256().subject("u7").tenants("acme").sign());
    Claims several = parse(TestTokens.hs256().tenants("acme", "globex").sign());

    assertThat(single.getSubject()).isEqualTo("u7");
    assertThat(single.get("tenant", String.class)).isEqualTo("acme");
    assertThat(single.getExpiration()).isInTheFuture();
    assertThat(several.get("tenants", List.class)).containsExactly("acme", "globex");
  }

  @Test
  void carriesTheIssuerAndAudienceTestGatewaysRequireUnlessToldOtherwise() {
    Claims claims = parse(TestTokens.hs256().sign());
    Claims bare = parse(TestTokens.hs256().issuer(null).audience(null).issuedAt(null).sign());

    assertThat(claims.getIssuer()).isEqualTo(TestTokens.ISSUER).isEqualTo("upload-pipeline-dev");
    assertThat(claims.getAudience()).containsExactly(TestTokens.AUDIENCE).containsExactly("upload-pipeline");
    assertThat(claims.getIssuedAt()).isNotNull();
    assertThat(bare.getIssuer()).isNull();
    assertThat(bare.getAudience()).isNull();
    assertThat(bare.getIssuedAt()).isNull();
  }

  @Test
  void signsWithHs256WhateverTheSecretLength() {
    String token = TestTokens.hs256().sign();

    assertThat(
            Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(TestTokens.TEST_SECRET.getBytes(StandardCharsets.UTF_8)))
                .build()
                .parseSignedClaims(token)
                .getHeader()
                .getAlgorithm())
        .isEqualTo("HS256");
  }

  private static Claims parse(String token) {
    return Jwts.parser()
        .verifyWith(Keys.hmacShaKeyFor(TestTokens.TEST_SECRET.getBytes(StandardCharsets.UTF_8)))
        .build()
        .parseSignedClaims(token)
        .getPayload();
  }
}
