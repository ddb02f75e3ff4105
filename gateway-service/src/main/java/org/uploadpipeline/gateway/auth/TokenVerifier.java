package org.uploadpipeline.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.InvalidClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.SecretKey;
import org.uploadpipeline.gateway.GatewayProperties;

/**
 * Verifies viewer and uploader JWTs: HS256 over the shared secret and/or RS256 over a PEM public key or JWKS keys; no
 * other algorithm (never {@code none}); {@code exp} required, {@code nbf} honoured, issuer and audience checked (both
 * required by the settings unless explicitly opted out), validity at most {@code gateway.jwt.max-token-lifetime};
 * {@code sub} the user, tenants in {@code tenant} (one) or {@code tenants} (several). Tokens never appear in messages
 * or logs.
 *
 * <p>JWKS keys are fetched in the background ({@link JwksKeySource}): a token whose key is not known yet is refused at
 * once rather than waiting for the endpoint. {@link #close()} stops that fetching.
 *
 * <p>A verified token is remembered for {@code gateway.jwt.verified-token-cache} (bounded, keyed by the whole token,
 * signature included, so only the very same bytes hit): a viewer that reconnects, or opens a second tab, costs no
 * parse and no signature check. Its {@code exp} is still checked on every hit; a refused token is never remembered.
 */
public final class TokenVerifier implements AutoCloseable {

  static final String HS256 = "HS256";
  static final String RS256 = "RS256";

  /** Most tokens remembered: ~10,000 × (token + principal) is a few MiB at most. */
  static final int VERIFIED_TOKENS = 10_000;

  private final JwtParser parser;
  private final Clock clock;
  private final Duration clockSkew;
  /** Token → its principal; null when the cache is off. */
  private final Cache<String, Principal> verified;
  private final TokenLifetime lifetime;
  /** Null without a JWKS URL. */
  private final JwksKeySource jwks;

  public TokenVerifier(GatewayProperties.Jwt settings, Clock clock) {
    this(
        settings,
        clock,
        settings.jwksUrl() == null
            ? null
            : JwksKeySource.started(settings.jwksUrl(), JwksKeySource.Limits.of(settings), clock));
  }

  /** With this JWKS source (null: none), whatever {@code settings.jwksUrl()} says: for tests. */
  TokenVerifier(GatewayProperties.Jwt settings, Clock clock, JwksKeySource jwks) {
    this.clock = clock;
    this.jwks = jwks;
    this.lifetime = new TokenLifetime(settings.maxTokenLifetime());
    this.clockSkew = settings.clockSkew();
    this.verified =
        settings.verifiedTokenCache().isZero()
            ? null
            : Caffeine.newBuilder()
                .maximumSize(VERIFIED_TOKENS)
                .expireAfterWrite(settings.verifiedTokenCache())
                .build();
    SecretKey hmacKey =
        settings.hs256Secret() == null
            ? null
            : Keys.hmacShaKeyFor(settings.hs256Secret().getBytes(StandardCharsets.UTF_8));
    RSAPublicKey rsaKey = settings.rs256PublicKey() == null ? null : PemKeys.rsaPublicKey(settings.rs256PublicKey());
    JwtParserBuilder builder =
        Jwts.parser()
            // The key is chosen by algorithm, and only an algorithm with a configured key has one: a token cannot pick
            // HS384, or HS256 "signed" with our RSA public key as its secret, or anything else.
            .keyLocator(
                new LocatorAdapter<Key>() {
                  @Override
                  protected Key locate(JwsHeader header) {
                    String algorithm = header.getAlgorithm();
                    if (HS256.equals(algorithm) && hmacKey != null) {
                      return hmacKey;
                    }
                    if (RS256.equals(algorithm)) {
                      if (jwks != null && (header.getKeyId() != null || rsaKey == null)) {
                        return jwksKey(header.getKeyId());
                      }
                      if (rsaKey != null) {
                        return rsaKey;
                      }
                    }
                    throw new UnsupportedJwtException("algorithm " + algorithm + " is not accepted");
                  }
                })
            .clock(() -> Date.from(clock.instant()))
            .clockSkewSeconds(settings.clockSkew().toSeconds());
    if (settings.issuer() != null) {
      builder.requireIssuer(settings.issuer());
    }
    if (settings.audience() != null) {
      builder.requireAudience(settings.audience());
    }
    this.parser = builder.build();
  }

  /** HS256 with this issuer and audience, system clock. */
  public static TokenVerifier hs256(String secret, String issuer, String audience) {
    return new TokenVerifier(GatewayProperties.Jwt.hs256(secret, issuer, audience), Clock.systemUTC());
  }

  /** Stops fetching JWKS keys. */
  @Override
  public void close() {
    if (jwks != null) {
      jwks.close();
    }
  }

  /**
   * The principal of a valid token.
   *
   * @throws InvalidTokenException naming why the token was refused (never quoting it)
   */
  public Principal verify(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing token");
    }
    if (verified == null) {
      return parse(token);
    }
    Principal known = verified.getIfPresent(token);
    if (known != null && clock.instant().isBefore(known.expiresAt().plus(clockSkew))) {
      return known;
    }
    Principal principal = parse(token); // an expired one throws "token expired" here, as without the cache
    verified.put(token, principal);
    return principal;
  }

  private Principal parse(String token) {
    Claims claims;
    try {
      // parseSignedClaims refuses unsecured (alg: none) tokens and anything that is not a signed JWT.
      claims = parser.parseSignedClaims(token).getPayload();
    } catch (ExpiredJwtException e) {
      throw new InvalidTokenException("token expired");
    } catch (PrematureJwtException e) {
      throw new InvalidTokenException("token not valid yet (nbf)");
    } catch (InvalidClaimException e) {
      // requireIssuer / requireAudience: the claim is missing or has another value.
      throw new InvalidTokenException("invalid token: wrong or missing " + e.getClaimName());
    } catch (SignatureException e) {
      throw new InvalidTokenException("invalid token: bad signature");
    } catch (KeyUnavailableException e) {
      throw new InvalidTokenException("invalid token: " + e.getMessage());
    } catch (UnsupportedJwtException e) {
      throw new InvalidTokenException("invalid token: not signed with an accepted algorithm and key");
    } catch (JwtException | IllegalArgumentException e) {
      throw new InvalidTokenException("invalid token: malformed");
    }
    Date expiration = claims.getExpiration();
    if (expiration == null) {
      throw new InvalidTokenException("token has no exp claim");
    }
    lifetime.check(claims.getIssuedAt(), expiration, clock.instant());
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidTokenException("token has no sub claim");
    }
    Set<String> tenants = tenants(claims);
    if (tenants.isEmpty()) {
      throw new InvalidTokenException("token grants no tenant");
    }
    return new Principal(subject, tenants, expiration.toInstant());
  }

  Clock clock() {
    return clock;
  }

  /** The JWKS key of this kid, never waiting for the endpoint: a key not fetched yet refuses the token at once. */
  private Key jwksKey(String kid) {
    return jwks.key(kid)
        .orElseThrow(
            () ->
                new KeyUnavailableException(
                    jwks.loaded() ? "no JWKS key for this kid" : "JWKS keys not loaded yet, try again shortly"));
  }

  /** The token names a JWKS key we do not have (yet): said as such, unlike a token of a refused algorithm. */
  private static final class KeyUnavailableException extends UnsupportedJwtException {
    KeyUnavailableException(String reason) {
      super(reason);
    }
  }

  private static Set<String> tenants(Claims claims) {
    Set<String> tenants = new LinkedHashSet<>();
    if (claims.get("tenant") instanceof String tenant && !tenant.isBlank()) {
      tenants.add(tenant);
    }
    if (claims.get("tenants") instanceof Collection<?> many) {
      for (Object tenant : many) {
        if (tenant instanceof String name && !name.isBlank()) {
          tenants.add(name);
        }
      }
    }
    return tenants;
  }
}
