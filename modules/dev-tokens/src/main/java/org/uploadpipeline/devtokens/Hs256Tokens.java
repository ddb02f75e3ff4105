package org.uploadpipeline.devtokens;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * Mints viewer tokens the way an identity provider would, for tests and developer tools: {@code sub} = user id, the
 * tenants in {@code tenant} (one) or {@code tenants} (several), {@code iss} {@value #DEV_ISSUER}, {@code aud}
 * {@value #DEV_AUDIENCE}, {@code iat} and the {@code exp} the gateway requires, signed HS256 with the UTF-8 bytes of a
 * shared secret (as the gateway's {@code JWT_HS256_SECRET} is read).
 *
 * <p>The gateway requires an issuer and an audience by default ({@code JWT_ISSUER}, {@code JWT_AUDIENCE}): every
 * gateway the dev and test tools start is configured with {@link #DEV_ISSUER} and {@link #DEV_AUDIENCE}, so the tokens
 * minted here carry them unless told otherwise.
 */
public final class Hs256Tokens {

  /** The {@code iss} of dev and test tokens, and the {@code JWT_ISSUER} of the gateways they are meant for. */
  public static final String DEV_ISSUER = "upload-pipeline-dev";

  /** The {@code aud} of dev and test tokens, and the {@code JWT_AUDIENCE} of the gateways they are meant for. */
  public static final String DEV_AUDIENCE = "upload-pipeline";

  private final SecretKey key;
  private String subject = "user-42";
  private List<String> tenants = List.of("acme");
  private String issuer = DEV_ISSUER;
  private String audience = DEV_AUDIENCE;
  private Instant issuedAt = Instant.now();
  private Instant expiresAt = issuedAt.plus(Duration.ofHours(1));

  private Hs256Tokens(SecretKey key) {
    this.key = key;
  }

  /** A token signed with HMAC-SHA256 over the secret's UTF-8 bytes (at least 32 bytes, as the gateway requires). */
  public static Hs256Tokens signedWith(String secret) {
    return new Hs256Tokens(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)));
  }

  public Hs256Tokens subject(String userId) {
    this.subject = userId;
    return this;
  }

  public Hs256Tokens tenants(String... tenantIds) {
    this.tenants = List.of(tenantIds);
    return this;
  }

  /** The {@code iss}; null leaves the claim out. */
  public Hs256Tokens issuer(String iss) {
    this.issuer = iss;
    return this;
  }

  /** The {@code aud}; null leaves the claim out. */
  public Hs256Tokens audience(String aud) {
    this.audience = aud;
    return this;
  }

  /** The {@code iat}; null leaves the claim out. */
  public Hs256Tokens issuedAt(Instant instant) {
    this.issuedAt = instant;
    return this;
  }

  public Hs256Tokens expiresAt(Instant instant) {
    this.expiresAt = instant;
    return this;
  }

  /** Valid from now for {@code validity}. */
  public Hs256Tokens validFor(Duration validity) {
    this.issuedAt = Instant.now();
    this.expiresAt = issuedAt.plus(validity);
    return this;
  }

  /** The signed, compact token. */
  public String sign() {
    JwtBuilder builder =
        Jwts.builder().subject(subject).expiration(Date.from(expiresAt))
            // Explicit: jjwt would otherwise pick HS384/HS512 from the key length, which the gateway refuses.
            .signWith(key, Jwts.SIG.HS256);
    if (issuedAt != null) {
      builder.issuedAt(Date.from(issuedAt));
    }
    if (issuer != null) {
      builder.issuer(issuer);
    }
    if (audience != null) {
      builder.audience().add(audience);
    }
    if (tenants.size() == 1) {
      builder.claim("tenant", tenants.get(0));
    } else {
      builder.claim("tenants", tenants);
    }
    return builder.compact();
  }
}
