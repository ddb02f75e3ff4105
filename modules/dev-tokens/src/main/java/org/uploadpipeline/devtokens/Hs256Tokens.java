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
 * tenants in {@code tenant} (one) or {@code tenants} (several), {@code iat} and the {@code exp} the gateway requires,
 * signed HS256 with the UTF-8 bytes of a shared secret (as the gateway's {@code GATEWAY_JWT_SECRET} is read).
 */
public final class Hs256Tokens {

  private final SecretKey key;
  private String subject = "user-42";
  private List<String> tenants = List.of("acme");
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
        Jwts.builder().subject(subject).issuedAt(Date.from(issuedAt)).expiration(Date.from(expiresAt))
            // Explicit: jjwt would otherwise pick HS384/HS512 from the key length, which the gateway refuses.
            .signWith(key, Jwts.SIG.HS256);
    if (tenants.size() == 1) {
      builder.claim("tenant", tenants.get(0));
    } else {
      builder.claim("tenants", tenants);
    }
    return builder.compact();
  }
}
