package org.uploadpipeline.gateway.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.gateway.GatewayProperties;

/**
 * RSA verification keys from a JWKS endpoint, by {@code kid}, fetched on a background thread of their own: verifying a
 * token never waits for HTTP, because a slow or hanging identity provider would otherwise hold every request thread
 * that meets a new {@code kid}.
 *
 * <p>The set is fetched at start, then every refresh interval. A {@code kid} the set does not hold (the issuer rotated
 * its keys) asks for an early fetch, at most once per minimum interval so forged kids cannot make us hammer the
 * endpoint; that token is refused meanwhile, and the client's retry finds the new key. A fetch fails, and the keys
 * fetched before stay in use, when the endpoint does not answer 200 within the timeout, answers more than the size cap
 * (the download stops there) or more keys than the key cap, or answers something that is not a JWKS.
 */
final class JwksKeySource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);

  /**
   * How the endpoint is fetched.
   *
   * @param refreshInterval time between background fetches once keys are loaded
   * @param minRefetch least time between two fetches asked for by unknown kids (and between retries while no keys
   *     were ever loaded)
   * @param timeout longest one fetch may take, connecting and reading the whole body included
   * @param maxBytes largest body read
   * @param maxKeys most keys a set may hold
   */
  record Limits(Duration refreshInterval, Duration minRefetch, Duration timeout, long maxBytes, int maxKeys) {

    static final Duration MIN_REFETCH = Duration.ofMinutes(1);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Far more than an identity provider publishes (a few, during rotations); each one costs a parse. */
    static final int MAX_KEYS = 100;

    static Limits of(GatewayProperties.Jwt settings) {
      return new Limits(settings.jwksRefreshInterval(), MIN_REFETCH, TIMEOUT, settings.jwksMaxSize().toBytes(),
          MAX_KEYS);
    }
  }

  private final URI url;
  private final Limits limits;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledExecutorService executor;
  /** Null until a fetch succeeded: "not loaded yet" is not the same answer as "no such kid". */
  private volatile Map<String, RSAPublicKey> keys;
  /** When the latest fetch started; guarded by this. */
  private Instant lastFetch = Instant.EPOCH;
  /** Whether an early fetch is queued and has not started; guarded by this. */
  private boolean refreshQueued;

  JwksKeySource(URI url, Limits limits, Clock clock) {
    this.url = url;
    this.limits = limits;
    this.clock = clock;
    // HTTP/1.1: a JWKS is one small GET; no h2c upgrade attempt against plain-http endpoints.
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(limits.timeout()).build();
    // One daemon thread: fetches never overlap, and a gateway that forgot to close us still exits.
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "jwks-refresh");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** A source whose first fetch has started in the background. */
  static JwksKeySource started(URI url, Limits limits, Clock clock) {
    JwksKeySource source = new JwksKeySource(url, limits, clock);
    synchronized (source) {
      source.lastFetch = clock.instant(); // the first fetch is on its way: kids seen meanwhile need no other
    }
    source.submit(source::scheduledFetch);
    return source;
  }

  /** Whether a fetch has succeeded, so that a missing key means the set does not hold it. */
  boolean loaded() {
    return keys != null;
  }

  /**
   * The key with this id among the keys fetched so far, without waiting for any fetch. When there is none (or the id
   * is absent and the set does not hold exactly one key), an early background fetch is asked for.
   */
  Optional<RSAPublicKey> key(String kid) {
    Map<String, RSAPublicKey> known = keys;
    RSAPublicKey key = null;
    if (known != null) {
      // A token without kid is only unambiguous when the set holds a single key.
      key = kid == null ? (known.size() == 1 ? known.values().iterator().next() : null) : known.get(kid);
    }
    if (key == null) {
      requestRefresh();
    }
    return Optional.ofNullable(key);
  }

  /** Queues an early fetch unless one is queued or one started less than the minimum interval ago. */
  void requestRefresh() {
    synchronized (this) {
      if (refreshQueued || clock.instant().isBefore(lastFetch.plus(limits.minRefetch()))) {
        return;
      }
      refreshQueued = true;
    }
    submit(this::fetch);
  }

  /** Fetches now, whatever the rate limit, and completes when the fetch is done (tests). */
  Future<?> refreshNow() {
    return executor.submit(this::fetch);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private void scheduledFetch() {
    fetch();
    Duration next = loaded() ? limits.refreshInterval() : limits.minRefetch();
    try {
      executor.schedule(this::scheduledFetch, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // closed meanwhile: no more fetches
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      log.debug("JWKS source closed; no fetch");
    }
  }

  private void fetch() {
    synchronized (this) {
      lastFetch = clock.instant();
      refreshQueued = false;
    }
    Map<String, RSAPublicKey> before = keys;
    try {
      Map<String, RSAPublicKey> fresh = download();
      keys = fresh;
      if (before == null || !before.keySet().equals(fresh.keySet())) {
        log.info("JWKS from {}: {} RSA keys, kids {}", url, fresh.size(), fresh.keySet());
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot fetch JWKS from {}: {}; keeping {} known keys", url, e.getMessage(),
          before == null ? 0 : before.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    }
  }

  private Map<String, RSAPublicKey> download() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(limits.timeout()).header("Accept", "application/json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new CappedBody(limits.maxBytes())
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> response;
    try {
      // The request timeout ends at the headers; this one bounds a body that trickles in too.
      response = pending.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new IOException("no complete answer within " + limits.timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CappedBody.TooLargeException) {
        throw new IOException(
            "the answer is larger than " + limits.maxBytes() + " bytes (gateway.jwt.jwks-max-size)", e.getCause());
      }
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    }
    if (response.statusCode() != 200) {
      throw new IOException("the endpoint answered HTTP " + response.statusCode());
    }
    JwkSet set =
        Jwks.setParser().ignoreUnsupported(true).build().parse(new String(response.body(), StandardCharsets.UTF_8));
    if (set.getKeys().size() > limits.maxKeys()) {
      throw new IOException(
          "the set holds " + set.getKeys().size() + " keys, more than the " + limits.maxKeys() + " accepted");
    }
    Map<String, RSAPublicKey> fresh = new HashMap<>();
    for (Jwk<?> jwk : set.getKeys()) {
      Key key = jwk.toKey();
      if (key instanceof RSAPublicKey rsa && jwk.getId() != null) {
        fresh.put(jwk.getId(), rsa);
      }
    }
    return Map.copyOf(fresh);
  }
}
