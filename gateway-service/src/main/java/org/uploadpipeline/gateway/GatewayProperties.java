package org.uploadpipeline.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.uploadpipeline.protocol.Topics;

/**
 * Every setting of the gateway (prefix {@code gateway}), validated when the application starts so a bad value stops it
 * with a message naming the property, instead of failing later on the first viewer.
 *
 * @param jwt how viewer and uploader tokens are verified
 * @param topics the contract topic names in use
 * @param snapshots the local Kafka Streams store of the latest snapshot per upload
 * @param websocket limits of the viewer WebSocket endpoint
 * @param upload the HTTP upload API
 * @param progress how uploads' progress is reported beyond the snapshots themselves: stalls and the tenant board
 * @param preAuth what a connection may take before it authenticates
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
    Jwt jwt,
    @DefaultValue TopicNames topics,
    @DefaultValue Snapshots snapshots,
    @DefaultValue WebSocket websocket,
    @DefaultValue Upload upload,
    @DefaultValue Progress progress,
    @DefaultValue PreAuth preAuth) {

  /** Smallest HS256 secret accepted: RFC 7518 wants a key at least as long as the hash (256 bits). */
  public static final int MIN_SECRET_BYTES = 32;

  /** A secret with fewer different characters is not random (e.g. {@code 0000…} or {@code abab…}). */
  static final int MIN_DISTINCT_SECRET_CHARS = 10;

  /** Words of the placeholders an example file or a tutorial ships with. */
  private static final List<String> PLACEHOLDER_WORDS = List.of("change-me", "changeme", "replace-me");

  public GatewayProperties {
    if (jwt == null) {
      throw new IllegalArgumentException(
          "gateway.jwt.hs256-secret is required (environment variable JWT_HS256_SECRET) unless an RS256 key is "
              + "configured (JWT_RS256_PUBLIC_KEY or JWT_JWKS_URL)");
    }
  }

  /** The contract topics under the configured names. */
  public Topics contractTopics() {
    return Topics.named(topics.jobs(), topics.progress(), topics.aggregates(), topics.jobsDlq(), topics.commands());
  }

  /**
   * Token verification. At least one key source is required; a token is accepted only with an algorithm that has a
   * configured key (HS256 with the secret, RS256 with the PEM key or a JWKS key), so {@code alg: none} and every other
   * algorithm are refused.
   *
   * @param hs256Secret the shared HMAC-SHA256 secret, at least 32 bytes of UTF-8 ({@code JWT_HS256_SECRET}); blank when
   *     only RS256 is used
   * @param rs256PublicKey an RSA public key in PEM ({@code BEGIN PUBLIC KEY} or a certificate) verifying RS256
   *     tokens ({@code JWT_RS256_PUBLIC_KEY})
   * @param jwksUrl a JWKS endpoint whose RSA keys (chosen by {@code kid}) verify RS256 tokens ({@code JWT_JWKS_URL})
   * @param jwksRefreshInterval how often the JWKS is fetched again, in the background; an unknown {@code kid}
   *     triggers a background fetch at most once a minute
   * @param issuer the required {@code iss} ({@code JWT_ISSUER}); may be blank only with
   *     {@code requireIssuerAndAudience} false
   * @param audience a required member of {@code aud} ({@code JWT_AUDIENCE}); may be blank only with
   *     {@code requireIssuerAndAudience} false
   * @param clockSkew tolerance when checking {@code exp} and {@code nbf} against this machine's clock
   * @param verifiedTokenCache how long a verified token is remembered (at most 10,000 of them, and never past its
   *     {@code exp}), so a reconnecting viewer costs no signature check; also how long a JWKS key that was
   *     withdrawn may still be honoured for tokens seen before; {@code 0} turns the cache off
   * @param requireIssuerAndAudience whether {@code issuer} and {@code audience} must both be configured
   *     ({@code JWT_REQUIRE_ISSUER_AUDIENCE}, default true): without them any token the keys verify is accepted,
   *     including one minted for another service that shares the identity provider's keys
   * @param maxTokenLifetime longest validity accepted ({@code JWT_MAX_TOKEN_LIFETIME}, default 24h): {@code exp - iat},
   *     or {@code exp - now} for a token without {@code iat}; a leaked long-lived token stays a risk for its whole life
   * @param jwksMaxSize largest JWKS response read ({@code gateway.jwt.jwks-max-size}, default 64KB); a larger one
   *     fails that fetch and the keys fetched before stay in use
   */
  public record Jwt(
      String hs256Secret,
      String rs256PublicKey,
      URI jwksUrl,
      @DefaultValue("5m") Duration jwksRefreshInterval,
      String issuer,
      String audience,
      @DefaultValue("30s") Duration clockSkew,
      @DefaultValue("60s") Duration verifiedTokenCache,
      @DefaultValue("true") boolean requireIssuerAndAudience,
      @DefaultValue("24h") Duration maxTokenLifetime,
      @DefaultValue("64KB") DataSize jwksMaxSize) {

    /** Default of {@code gateway.jwt.max-token-lifetime}. */
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);

    /** Default of {@code gateway.jwt.jwks-max-size}: far above a real JWKS (a 2048-bit RSA key is ~0.5 KB). */
    public static final DataSize DEFAULT_JWKS_MAX_SIZE = DataSize.ofKilobytes(64);

    public Jwt {
      hs256Secret = blankToNull(hs256Secret);
      rs256PublicKey = blankToNull(rs256PublicKey);
      issuer = blankToNull(issuer);
      audience = blankToNull(audience);
      if (jwksRefreshInterval == null) {
        jwksRefreshInterval = Duration.ofMinutes(5);
      }
      if (clockSkew == null) {
        clockSkew = Duration.ofSeconds(30);
      }
      if (verifiedTokenCache == null) {
        verifiedTokenCache = Duration.ofSeconds(60);
      }
      if (maxTokenLifetime == null) {
        maxTokenLifetime = DEFAULT_MAX_TOKEN_LIFETIME;
      }
      if (jwksMaxSize == null) {
        jwksMaxSize = DEFAULT_JWKS_MAX_SIZE;
      }
      if (hs256Secret == null && rs256PublicKey == null && jwksUrl == null) {
        throw new IllegalArgumentException(
            "gateway.jwt.hs256-secret is required (environment variable JWT_HS256_SECRET) unless an RS256 key is "
                + "configured (JWT_RS256_PUBLIC_KEY or JWT_JWKS_URL)");
      }
      if (hs256Secret != null && hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "gateway.jwt.hs256-secret (JWT_HS256_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
      }
      if (hs256Secret != null && isPlaceholder(hs256Secret)) {
        throw new IllegalArgumentException(
            "gateway.jwt.hs256-secret (JWT_HS256_SECRET) is a placeholder or too uniform to be a secret (fewer than "
                + MIN_DISTINCT_SECRET_CHARS + " different characters): use a random one, e.g. "
                + "`openssl rand -base64 48`");
      }
      requirePositive(jwksRefreshInterval, "gateway.jwt.jwks-refresh-interval");
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("gateway.jwt.clock-skew must not be negative, was " + clockSkew);
      }
      if (verifiedTokenCache.isNegative()) {
        throw new IllegalArgumentException(
            "gateway.jwt.verified-token-cache must not be negative, was " + verifiedTokenCache);
      }
      requirePositive(maxTokenLifetime, "gateway.jwt.max-token-lifetime (JWT_MAX_TOKEN_LIFETIME)");
      // Below 1 KB not even one RSA key fits: such a value is a typo, not a limit.
      requireSize(jwksMaxSize, 1024, "gateway.jwt.jwks-max-size");
      // The parameters, not the fields: a compact constructor assigns those only at its end.
      List<String> missing = unchecked(issuer, audience);
      if (requireIssuerAndAudience && !missing.isEmpty()) {
        throw new IllegalArgumentException(
            "gateway.jwt.issuer (JWT_ISSUER) and gateway.jwt.audience (JWT_AUDIENCE) are required, missing: "
                + String.join(", ", missing)
                + ". Set them to the iss and aud your token issuer puts in its tokens, or set "
                + "JWT_REQUIRE_ISSUER_AUDIENCE=false (gateway.jwt.require-issuer-and-audience) to accept tokens "
                + "of any issuer or audience that the configured keys verify");
      }
    }

    /** Only an HS256 secret, issuer and audience; the rest default: for tests and the simplest setups. */
    public static Jwt hs256(String secret, String issuer, String audience) {
      return new Jwt(secret, null, null, null, issuer, audience, null, null, true, null, null);
    }

    /**
     * The variables of the claims not checked because they are not configured ({@code JWT_ISSUER},
     * {@code JWT_AUDIENCE}); empty when both are.
     */
    public List<String> uncheckedClaims() {
      return unchecked(issuer, audience);
    }

    private static List<String> unchecked(String issuer, String audience) {
      if (issuer == null && audience == null) {
        return List.of("JWT_ISSUER", "JWT_AUDIENCE");
      }
      if (issuer == null) {
        return List.of("JWT_ISSUER");
      }
      return audience == null ? List.of("JWT_AUDIENCE") : List.of();
    }

    @Override
    public String toString() {
      // Neither the secret nor the key reaches a log line.
      return "Jwt[hs256Secret=" + (hs256Secret == null ? "none" : "<hidden>")
          + ", rs256PublicKey=" + (rs256PublicKey == null ? "none" : "<set>")
          + ", jwksUrl=" + jwksUrl + ", issuer=" + issuer + ", audience=" + audience
          + ", requireIssuerAndAudience=" + requireIssuerAndAudience + ", maxTokenLifetime=" + maxTokenLifetime
          + ", jwksMaxSize=" + jwksMaxSize + "]";
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value;
    }

    private static boolean isPlaceholder(String secret) {
      String lower = secret.toLowerCase(Locale.ROOT);
      return PLACEHOLDER_WORDS.stream().anyMatch(lower::contains)
          || secret.chars().distinct().count() < MIN_DISTINCT_SECRET_CHARS;
    }
  }

  /**
   * Contract topic names; a blank name means the contract default ({@link Topics}).
   *
   * @param jobs upload jobs the API produces ({@code TOPIC_JOBS})
   * @param progress the compacted snapshots the store reads ({@code TOPIC_PROGRESS})
   * @param aggregates aggregates, not read by the gateway ({@code TOPIC_AGGREGATES})
   * @param jobsDlq refused jobs, not read by the gateway ({@code TOPIC_JOBS_DLQ})
   * @param commands upload commands such as cancel ({@code TOPIC_COMMANDS})
   */
  public record TopicNames(String jobs, String progress, String aggregates, String jobsDlq, String commands) {
    public TopicNames {
      jobs = orDefault(jobs, Topics.DEFAULT_JOBS);
      progress = orDefault(progress, Topics.DEFAULT_PROGRESS);
      aggregates = orDefault(aggregates, Topics.DEFAULT_AGGREGATES);
      jobsDlq = orDefault(jobsDlq, Topics.DEFAULT_JOBS_DEAD_LETTER);
      commands = orDefault(commands, Topics.DEFAULT_COMMANDS);
    }

    private static String orDefault(String name, String fallback) {
      return name == null || name.isBlank() ? fallback : name;
    }
  }

  /**
   * The Kafka Streams application that keeps the latest snapshot of every upload.
   *
   * @param applicationId Kafka Streams {@code application.id}; a global-only topology joins no consumer group, so every
   *     gateway instance may share it
   * @param stateDir base directory of local state ({@code GATEWAY_STATE_DIR})
   * @param instanceId subdirectory of {@code stateDir} for this instance ({@code GATEWAY_INSTANCE_ID}); blank means a
   *     random one, deleted on shutdown, so several gateways run side by side on one machine
   * @param closeTimeout how long shutdown waits for the Streams app to close
   */
  public record Snapshots(
      @DefaultValue("upload-gateway") String applicationId,
      Path stateDir,
      String instanceId,
      @DefaultValue("10s") Duration closeTimeout) {
    public Snapshots {
      if (stateDir == null) {
        stateDir = Path.of(System.getProperty("java.io.tmpdir"), "upload-gateway");
      }
      requirePositive(closeTimeout, "gateway.snapshots.close-timeout");
    }

    /** True when no instance id was configured, so the state directory is this process's alone. */
    public boolean ephemeralState() {
      return instanceId == null || instanceId.isBlank();
    }

    /** The state directory of this instance; {@code randomId} names it when no instance id is configured. */
    public Path instanceStateDir(String randomId) {
      return stateDir.resolve(ephemeralState() ? "instance-" + randomId : instanceId);
    }
  }

  /**
   * Limits of the viewer WebSocket endpoint. Each refusal is explained by an {@code error} message before the close.
   *
   * @param authTimeout how long a connection without a handshake token may take to send its {@code authenticate}
   *     message before a 4001 close
   * @param unknownUploadWait how long a viewer of an upload with no snapshot yet waits before a 4004 close
   * @param maxInboundFrameSize largest client message (UTF-8 bytes, fragments counted together); a larger one closes
   *     the connection with 4008
   * @param maxInboundMessagesPerSecond sustained rate of client messages per session; a flood beyond it (and the
   *     burst) closes the connection with 4008
   * @param inboundBurst client messages a session may send at once before the rate applies
   * @param maxSessionsPerUser open viewer sessions one user ({@code sub}) may hold on this instance; one more closes
   *     with 4008
   * @param maxSessions viewer connections this instance accepts; beyond it the handshake is refused with 503, so a
   *     load balancer or client can go elsewhere instead of hanging (keep it below the process's file limit)
   * @param sendTimeLimit longest one message to a viewer may stay unsent (the viewer does not read) before the viewer
   *     is closed as too slow (1008, reason {@code viewer too slow})
   * @param mailboxSize most replies ({@code pong}, {@code error}) queued for one viewer; progress never queues up
   *     beyond one state per status, because it is conflated
   * @param pingInterval how often the server sends WebSocket ping frames (keeps proxies from closing idle connections)
   * @param pongTimeout how long a ping may go unanswered before the connection is closed as dead
   * @param allowedOriginPatterns browser origins allowed to open viewer connections and call the API cross-origin;
   *     empty (the default) means same-origin only; clients without an {@code Origin} header (non-browsers) are not
   *     affected ({@code GATEWAY_ALLOWED_ORIGINS}, comma separated, patterns like {@code https://*.example.com})
   */
  public record WebSocket(
      @DefaultValue("5s") Duration authTimeout,
      @DefaultValue("30s") Duration unknownUploadWait,
      @DefaultValue("4KB") DataSize maxInboundFrameSize,
      @DefaultValue("5") int maxInboundMessagesPerSecond,
      @DefaultValue("10") int inboundBurst,
      @DefaultValue("20") int maxSessionsPerUser,
      @DefaultValue("19000") int maxSessions,
      @DefaultValue("10s") Duration sendTimeLimit,
      @DefaultValue("16") int mailboxSize,
      @DefaultValue("25s") Duration pingInterval,
      @DefaultValue("20s") Duration pongTimeout,
      @DefaultValue List<String> allowedOriginPatterns) {
    public WebSocket {
      requirePositive(authTimeout, "gateway.websocket.auth-timeout");
      requirePositive(unknownUploadWait, "gateway.websocket.unknown-upload-wait");
      requirePositive(sendTimeLimit, "gateway.websocket.send-time-limit");
      requirePositive(pingInterval, "gateway.websocket.ping-interval");
      requirePositive(pongTimeout, "gateway.websocket.pong-timeout");
      requireSize(maxInboundFrameSize, 256, "gateway.websocket.max-inbound-frame-size");
      requireAtLeast(maxInboundMessagesPerSecond, 1, "gateway.websocket.max-inbound-messages-per-second");
      requireAtLeast(inboundBurst, 1, "gateway.websocket.inbound-burst");
      requireAtLeast(maxSessionsPerUser, 1, "gateway.websocket.max-sessions-per-user");
      requireAtLeast(maxSessions, 1, "gateway.websocket.max-sessions");
      requireAtLeast(mailboxSize, 4, "gateway.websocket.mailbox-size");
      allowedOriginPatterns =
          allowedOriginPatterns == null
              ? List.of()
              : allowedOriginPatterns.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** The defaults with other waits, for tests. */
    public static WebSocket withWaits(Duration authTimeout, Duration unknownUploadWait) {
      return new WebSocket(
          authTimeout, unknownUploadWait, DataSize.ofKilobytes(4), 5, 10, 20, 19_000, Duration.ofSeconds(10), 16,
          Duration.ofSeconds(25), Duration.ofSeconds(20), List.of());
    }
  }

  /**
   * The HTTP upload API.
   *
   * @param storageDir where uploaded files are kept, one directory per tenant ({@code UPLOAD_STORAGE_DIR}); the
   *     processor must be able to read it
   * @param maxFileSize largest accepted upload; larger ones get 413
   * @param publishTimeout how long the API waits for Kafka to acknowledge a job before answering 503
   */
  public record Upload(
      @DefaultValue("./data/uploads") Path storageDir,
      @DefaultValue("100MB") DataSize maxFileSize,
      @DefaultValue("10s") Duration publishTimeout) {
    public Upload {
      requireSize(maxFileSize, 1, "gateway.upload.max-file-size");
      requirePositive(publishTimeout, "gateway.upload.publish-timeout");
    }
  }

  /**
   * How progress is reported beyond the snapshots themselves.
   *
   * @param stallAfter an upload in {@code validating} or {@code processing} whose latest snapshot is this old is
   *     announced to its viewers as stalled ({@code GATEWAY_STALL_AFTER})
   * @param boardSize most uploads the tenant board ({@code /ws/uploads/}, {@code GET /api/uploads}) lists, and most
   *     the gateway's index keeps per tenant ({@code GATEWAY_BOARD_SIZE})
   * @param boardWindow how recently an upload must have been updated to be on the board
   */
  public record Progress(
      @DefaultValue("30s") Duration stallAfter,
      @DefaultValue("100") int boardSize,
      @DefaultValue("24h") Duration boardWindow) {
    public Progress {
      requirePositive(stallAfter, "gateway.progress.stall-after");
      requireAtLeast(boardSize, 1, "gateway.progress.board-size");
      requirePositive(boardWindow, "gateway.progress.board-window");
    }
  }

  /**
   * Limits on viewer connections whose handshake carried no valid token, before they authenticate with their first
   * message (a handshake with a valid token is not subject to them). Each refusal is a {@code 503} or {@code 429}
   * that says which limit, and a log line.
   *
   * @param maxSessions such connections one instance holds at once ({@code GATEWAY_PRE_AUTH_MAX_SESSIONS})
   * @param maxSessionsPerAddress such connections one client address holds at once
   * @param handshakesPerSecondPerAddress handshakes without a valid token one address may make a second, after
   *     {@code handshakeBurstPerAddress} at once
   * @param handshakeBurstPerAddress handshakes without a valid token one address may make at once
   * @param clientAddressHeader the header a trusted proxy sets to the client's address (e.g. {@code X-Forwarded-For},
   *     whose right-most entry is the one the proxy saw); empty (the default) means the connection's own peer
   *     address, and the header is ignored, so clients cannot choose their address
   *     ({@code GATEWAY_CLIENT_ADDRESS_HEADER})
   */
  public record PreAuth(
      @DefaultValue("1000") int maxSessions,
      @DefaultValue("100") int maxSessionsPerAddress,
      @DefaultValue("50") int handshakesPerSecondPerAddress,
      @DefaultValue("100") int handshakeBurstPerAddress,
      @DefaultValue("") String clientAddressHeader) {
    public PreAuth {
      requireAtLeast(maxSessions, 1, "gateway.pre-auth.max-sessions");
      requireAtLeast(maxSessionsPerAddress, 1, "gateway.pre-auth.max-sessions-per-address");
      requireAtLeast(handshakesPerSecondPerAddress, 1, "gateway.pre-auth.handshakes-per-second-per-address");
      requireAtLeast(handshakeBurstPerAddress, 1, "gateway.pre-auth.handshake-burst-per-address");
      clientAddressHeader = clientAddressHeader == null ? "" : clientAddressHeader.trim();
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
  }

  private static void requireAtLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  private static void requireSize(DataSize value, long minBytes, String name) {
    if (value == null || value.toBytes() < minBytes) {
      throw new IllegalArgumentException(name + " must be at least " + minBytes + " bytes, was " + value);
    }
  }
}
