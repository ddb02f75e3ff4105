package org.uploadpipeline.gateway.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Verifies viewer and uploader JWTs: HS256 over the shared secret only, {@code exp} required, {@code sub} the user,
 * tenants in {@code tenant} (one) or {@code tenants} (several). Tokens never appear in messages or logs.
 */
public final class TokenVerifier {

  static final String ALGORITHM = "HS256";

  private final JwtParser parser;

  public TokenVerifier(String hs256Secret) {
    SecretKey key = Keys.hmacShaKeyFor(hs256Secret.getBytes(StandardCharsets.UTF_8));
    this.parser =
        Jwts.parser()
            // The algorithm is pinned before any signature check: a token is not allowed to choose HS384/HS512 (or
            // anything else) just because our key happens to be long enough for it.
            .keyLocator(
                new LocatorAdapter<Key>() {
                  @Override
                  protected Key locate(ProtectedHeader header) {
                    if (!ALGORITHM.equals(header.getAlgorithm())) {
                      throw new UnsupportedJwtException("algorithm " + header.getAlgorithm() + " is not accepted");
                    }
                    return key;
                  }
                })
            .build();
  }

  /**
   * The principal of a valid token.
   *
   * @throws InvalidTokenException naming why the token was refused
   */
  public Principal verify(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing token");
    }
    Claims claims;
    try {
      // parseSignedClaims refuses unsecured (alg: none) tokens and anything that is not a signed JWT.
      claims = parser.parseSignedClaims(token).getPayload();
    } catch (ExpiredJwtException e) {
      throw new InvalidTokenException("token expired");
    } catch (SignatureException e) {
      throw new InvalidTokenException("invalid token: bad signature");
    } catch (UnsupportedJwtException e) {
      throw new InvalidTokenException("invalid token: not an HS256-signed JWT");
    } catch (JwtException | IllegalArgumentException e) {
      throw new InvalidTokenException("invalid token: malformed");
    }
    if (claims.getExpiration() == null) {
      throw new InvalidTokenException("token has no exp claim");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidTokenException("token has no sub claim");
    }
    Set<String> tenants = tenants(claims);
    if (tenants.isEmpty()) {
      throw new InvalidTokenException("token grants no tenant");
    }
    return new Principal(subject, tenants);
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
