package org.uploadpipeline.gateway.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads the token of an {@code Authorization: Bearer <token>} header. */
public final class BearerToken {

  private static final String PREFIX = "bearer ";

  private BearerToken() {}

  /** The token of the header, or empty when the header is absent or not a bearer credential. */
  public static Optional<String> fromHeader(String authorization) {
    if (authorization == null || authorization.length() <= PREFIX.length()) {
      return Optional.empty();
    }
    if (!authorization.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
      return Optional.empty();
    }
    String token = authorization.substring(PREFIX.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
