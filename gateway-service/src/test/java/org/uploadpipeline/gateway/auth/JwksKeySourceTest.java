package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.uploadpipeline.gateway.auth.TestKeys.assertRejected;
import static org.uploadpipeline.gateway.auth.TestKeys.rsaKeyPair;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.testkit.TestClock;

/**
 * JWKS over a real local HTTP server: fetched in the background from the start, never while a token waits, with an
 * unknown kid asking for one rate-limited refresh, and answers that are too big, hold too many keys or come too late
 * failing only that fetch.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwksKeySourceTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final KeyPair RSA = rsaKeyPair();
  private static final KeyPair OTHER = rsaKeyPair();
  private static final Duration FAST = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final JwksKeySource.Limits LIMITS =
      new JwksKeySource.Limits(
          Duration.ofMinutes(5), JwksKeySource.Limits.MIN_REFETCH, JwksKeySource.Limits.TIMEOUT,
          GatewayProperties.Jwt.DEFAULT_JWKS_MAX_SIZE.toBytes(), JwksKeySource.Limits.MAX_KEYS);

  private final TestClock clock = new TestClock(NOW);
  private final JwksServer server = new JwksServer();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    server.close();
  }

  @Test
  void theFirstFetchStartsAtOnceInTheBackgroundAndTokensAreRefusedUntilItLands() {
    server.body = jwks(RSA, "k1");
    server.hold();
    // The held answer must not time out on a loaded machine before the test releases it.
    JwksKeySource source = started(new JwksKeySource.Limits(LIMITS.refreshInterval(), LIMITS.minRefetch(),
        Duration.ofSeconds(60), LIMITS.maxBytes(), LIMITS.maxKeys()));
    TokenVerifier verifier = verifier(source);

    await().atMost(PATIENCE).until(() -> server.requests.get() == 1); // no token needed to start it
    assertTimeoutPreemptively(FAST, () -> assertRejected(verifier, token(RSA, "k1"), "JWKS keys not loaded yet"));
    assertThat(source.loaded()).isFalse();

    server.release();
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(verifier.verify(token(RSA, "k1"))).isNotNull());
    assertThat(server.requests).as("the refused token asked for no fetch of its own").hasValue(1);
  }

  @Test
  void anUnknownKidFailsFastAndAsksForOneRateLimitedBackgroundRefresh() throws Exception {
    server.body = jwks(RSA, "k1");
    JwksKeySource source = started(LIMITS);
    TokenVerifier verifier = verifier(source);
    await().atMost(PATIENCE).until(source::loaded);
    clock.advance(JwksKeySource.Limits.MIN_REFETCH.plusSeconds(1));
    server.body = jwks(RSA, "k1", OTHER, "k2");
    server.hold();

    assertTimeoutPreemptively(FAST, () -> assertRejected(verifier, token(OTHER, "k2"), "no JWKS key for this kid"));
    await().atMost(PATIENCE).until(() -> server.requests.get() == 2);
    // That refresh hangs on the endpoint: tokens neither wait for it nor ask for another.
    assertTimeoutPreemptively(
        FAST,
        () -> {
          for (int i = 0; i < 20; i++) {
            assertRejected(verifier, token(OTHER, "forged-" + i), "no JWKS key for this kid");
          }
          assertThat(verifier.verify(token(RSA, "k1"))).isNotNull();
        });
    server.release();
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(verifier.verify(token(OTHER, "k2"))).isNotNull());

    // Within the minimum interval an unknown kid queues nothing: the fetch below is the only one (a queued one
    // would run before it on the single fetch thread).
    assertRejected(verifier, token(OTHER, "k3"), "no JWKS key for this kid");
    source.refreshNow().get(15, TimeUnit.SECONDS);
    assertThat(server.requests).hasValue(3);
    clock.advance(JwksKeySource.Limits.MIN_REFETCH.plusSeconds(1));
    assertRejected(verifier, token(OTHER, "k3"), "no JWKS key for this kid");
    await().atMost(PATIENCE).until(() -> server.requests.get() == 4);
  }

  @Test
  void anAnswerLargerThanTheCapFailsTheFetchAndThePreviousKeysStay(CapturedOutput output) throws Exception {
    server.body = jwks(RSA, "k1");
    JwksKeySource source = started(LIMITS);
    TokenVerifier verifier = verifier(source);
    await().atMost(PATIENCE).until(source::loaded);
    String set = jwks(RSA, "k1", OTHER, "k2");
    // Valid JSON, 65 KB, and chunked: no Content-Length warns of it, the cap stops the download itself.
    server.body = set.substring(0, set.length() - 1) + ",\"padding\":\"" + "x".repeat(65 * 1024) + "\"}";
    server.chunked = true;

    source.refreshNow().get(15, TimeUnit.SECONDS);

    assertThat(source.key("k2")).isEmpty();
    assertThat(verifier.verify(token(RSA, "k1"))).isNotNull();
    assertThat(output.getAll()).contains("larger than 65536 bytes (gateway.jwt.jwks-max-size); keeping 1 known keys");
  }

  @Test
  void aFirstAnswerLargerThanTheCapLoadsNothing(CapturedOutput output) throws Exception {
    server.body = "{\"keys\":[],\"padding\":\"" + "x".repeat(2048) + "\"}";
    JwksKeySource source = new JwksKeySource(server.url(), limits(1024, 100), clock);
    closing.add(source);

    source.refreshNow().get(15, TimeUnit.SECONDS);

    assertThat(source.loaded()).isFalse();
    assertThat(output.getAll()).contains("larger than 1024 bytes");
  }

  @Test
  void aSetWithMoreKeysThanTheCapFailsTheFetchAndThePreviousKeysStay(CapturedOutput output) throws Exception {
    server.body = manyKeys(JwksKeySource.Limits.MAX_KEYS, "k-rsa"); // exactly the cap: accepted
    JwksKeySource source = started(LIMITS);
    await().atMost(PATIENCE).until(source::loaded);
    assertThat(source.key("k-rsa")).isPresent();
    server.body = manyKeys(JwksKeySource.Limits.MAX_KEYS + 1, "k-new");

    source.refreshNow().get(15, TimeUnit.SECONDS);

    assertThat(source.key("k-new")).isEmpty();
    assertThat(source.key("k-rsa")).isPresent();
    assertThat(output.getAll()).contains("the set holds 101 keys, more than the 100 accepted");
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeFailsTheFetch() throws Exception {
    server.body = jwks(RSA, "k1");
    server.hold();
    JwksKeySource source = new JwksKeySource(server.url(), limits(64 * 1024, 100, Duration.ofMillis(300)), clock);
    closing.add(source);

    assertTimeoutPreemptively(FAST, () -> source.refreshNow().get());

    assertThat(source.loaded()).isFalse();
  }

  @Test
  void anErrorStatusKeepsThePreviousKeys() throws Exception {
    server.body = jwks(RSA, "k1");
    JwksKeySource source = started(LIMITS);
    await().atMost(PATIENCE).until(source::loaded);
    server.status = 503;

    source.refreshNow().get(15, TimeUnit.SECONDS);

    assertThat(source.key("k1")).isPresent();
  }

  private JwksKeySource started(JwksKeySource.Limits limits) {
    JwksKeySource source = JwksKeySource.started(server.url(), limits, clock);
    closing.add(source);
    return source;
  }

  private TokenVerifier verifier(JwksKeySource source) {
    // Cache off: every verify goes to the key source.
    GatewayProperties.Jwt settings =
        new GatewayProperties.Jwt(null, null, server.url(), null, null, null, null, Duration.ZERO, false, null, null);
    return new TokenVerifier(settings, clock, source);
  }

  private static JwksKeySource.Limits limits(long maxBytes, int maxKeys) {
    return limits(maxBytes, maxKeys, JwksKeySource.Limits.TIMEOUT);
  }

  private static JwksKeySource.Limits limits(long maxBytes, int maxKeys, Duration timeout) {
    return new JwksKeySource.Limits(Duration.ofMinutes(5), JwksKeySource.Limits.MIN_REFETCH, timeout, maxBytes,
        maxKeys);
  }

  private static String token(KeyPair pair, String kid) {
    return Jwts.builder()
        .header().keyId(kid).and()
        .subject("user-1")
        .claim("tenant", "acme")
        .expiration(Date.from(NOW.plus(Duration.ofHours(1))))
        .signWith(pair.getPrivate(), Jwts.SIG.RS256)
        .compact();
  }

  private static String jwks(KeyPair pair, String kid) {
    return "{\"keys\":[" + jwk(pair, kid) + "]}";
  }

  private static String jwks(KeyPair first, String firstKid, KeyPair second, String secondKid) {
    return "{\"keys\":[" + jwk(first, firstKid) + "," + jwk(second, secondKid) + "]}";
  }

  /**
   * A set of {@code count} keys: one RSA key under {@code rsaKid}, the rest EC keys (distinct, as a set holds a key
   * once, and quick to generate). The cap counts every key, whatever its type.
   */
  private static String manyKeys(int count, String rsaKid) {
    List<String> keys = new ArrayList<>(List.of(jwk(RSA, rsaKid)));
    try {
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(256);
      for (int i = 1; i < count; i++) {
        keys.add(Jwks.json(Jwks.builder().key((ECPublicKey) ec.generateKeyPair().getPublic()).id("ec" + i).build()));
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return "{\"keys\":[" + String.join(",", keys) + "]}";
  }

  private static String jwk(KeyPair pair, String kid) {
    return Jwks.json(Jwks.builder().key((RSAPublicKey) pair.getPublic()).id(kid).build());
  }


  /** A JWKS endpoint whose answer the test sets, and can hold until released. */
  private static final class JwksServer implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    volatile String body = "{\"keys\":[]}";
    volatile int status = 200;
    volatile boolean chunked;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    JwksServer() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      server.createContext("/jwks.json", this::answer);
      server.setExecutor(threads);
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** Requests from now on wait for {@link #release()}. */
    void hold() {
      gate = new CountDownLatch(1);
    }

    void release() {
      gate.countDown();
    }

    private void answer(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try {
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (IOException clientGone) {
        // the gateway stopped reading (the cap) or gave up (the timeout)
      } finally {
        exchange.close();
      }
    }

    @Override
    public void close() {
      release();
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
