package org.uploadpipeline.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The longest validity a token may claim ({@code gateway.jwt.max-token-lifetime}). A leaked token is usable until its
 * {@code exp}, so an issuer minting year-long tokens (by mistake or by a compromised client) is refused here instead
 * of trusted for a year.
 */
final class TokenLifetime {

  private final Duration max;

  TokenLifetime(Duration max) {
    this.max = max;
  }

  /**
   * Refuses a token valid for longer than the maximum: {@code exp - iat}, or, as a token without {@code iat} does not
   * say when it was minted, the time it has left ({@code exp - now}).
   *
   * @throws InvalidTokenException naming the limit
   */
  void check(Date issuedAt, Date expiration, Instant now) {
    Instant exp = expiration.toInstant();
    if (issuedAt != null) {
      Duration lifetime = Duration.between(issuedAt.toInstant(), exp);
      if (lifetime.compareTo(max) > 0) {
        throw new InvalidTokenException(
            "token lifetime exceeds " + human(max) + " (gateway.jwt.max-token-lifetime): exp - iat is "
                + human(lifetime));
      }
    } else if (Duration.between(now, exp).compareTo(max) > 0) {
      throw new InvalidTokenException(
          "token lifetime exceeds " + human(max) + " (gateway.jwt.max-token-lifetime): it has no iat and expires in "
              + human(Duration.between(now, exp)));
    }
  }

  /** {@code 24h}, {@code 90m} or {@code 45s}, as the property is written, rather than {@code PT24H}. */
  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
