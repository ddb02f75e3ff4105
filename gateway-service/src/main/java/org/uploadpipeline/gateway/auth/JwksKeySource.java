package org.uploadpipeline.gateway.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA verification keys from a JWKS endpoint, by {@code kid}. Keys are cached for the refresh interval; an unknown
 * {@code kid} (the issuer rotated its keys) triggers a refetch, at most once a minute so forged kids cannot make us
 * hammer the endpoint.
 */
final class JwksKeySource {

  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
  private static final Duration MIN_REFETCH = Duration.ofMinutes(1);
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final Duration refreshInterval;
  private final Clock clock;
  private final HttpClient http;
  private Map<String, RSAPublicKey> keys = Map.of();
  private Instant fetchedAt = Instant.EPOCH;

  JwksKeySource(URI url, Duration refreshInterval, Clock clock) {
    this.url = url;
    this.refreshInterval = refreshInterval;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build();
  }

  /** The key with this id, fetching the set when it is stale or the id is unknown. */
  synchronized Optional<RSAPublicKey> key(String kid) {
    Instant now = clock.instant();
    boolean stale = now.isAfter(fetchedAt.plus(refreshInterval));
    boolean unknown = kid == null ? keys.size() != 1 : !keys.containsKey(kid);
    if (stale || (unknown && now.isAfter(fetchedAt.plus(MIN_REFETCH)))) {
      fetch(now);
    }
    if (kid == null) {
      // A token without kid is only unambiguous when the set holds a single key.
      return keys.size() == 1 ? Optional.of(keys.values().iterator().next()) : Optional.empty();
    }
    return Optional.ofNullable(keys.get(kid));
  }

  private void fetch(Instant now) {
    fetchedAt = now;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        log.warn("JWKS endpoint {} answered {}; keeping {} known keys", url, response.statusCode(), keys.size());
        return;
      }
      JwkSet set = Jwks.setParser().ignoreUnsupported(true).build().parse(response.body());
      Map<String, RSAPublicKey> fresh = new HashMap<>();
      for (Jwk<?> jwk : set.getKeys()) {
        Key key = jwk.toKey();
        if (key instanceof RSAPublicKey rsa && jwk.getId() != null) {
          fresh.put(jwk.getId(), rsa);
        }
      }
      keys = Map.copyOf(fresh);
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot fetch JWKS from {}: {}; keeping {} known keys", url, e.toString(), keys.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
