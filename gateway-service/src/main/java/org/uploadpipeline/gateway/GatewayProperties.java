package org.uploadpipeline.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
    Jwt jwt,
    @DefaultValue TopicNames topics,
    @DefaultValue Snapshots snapshots,
    @DefaultValue WebSocket websocket,
    @DefaultValue Upload upload) {

  /** Smallest HS256 secret accepted: RFC 7518 wants a key at least as long as the hash (256 bits). */
  public static final int MIN_SECRET_BYTES = 32;

  public GatewayProperties {
    if (jwt == null) {
      throw new IllegalArgumentException(
          "gateway.jwt.hs256-secret is required (environment variable JWT_HS256_SECRET)");
    }
  }

  /** The contract topics under the configured names. */
  public Topics contractTopics() {
    return Topics.named(topics.jobs(), topics.progress(), topics.aggregates(), topics.jobsDlq());
  }

  /**
   * Token verification.
   *
   * @param hs256Secret the shared HMAC-SHA256 secret, at least 32 bytes of UTF-8 ({@code JWT_HS256_SECRET})
   */
  public record Jwt(String hs256Secret) {
    public Jwt {
      if (hs256Secret == null || hs256Secret.isBlank()) {
        throw new IllegalArgumentException(
            "gateway.jwt.hs256-secret is required (environment variable JWT_HS256_SECRET)");
      }
      if (hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "gateway.jwt.hs256-secret (JWT_HS256_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
      }
    }

    @Override
    public String toString() {
      return "Jwt[hs256Secret=<hidden>]"; // the secret never reaches a log line
    }
  }

  /**
   * Contract topic names; a blank name means the contract default ({@link Topics}).
   *
   * @param jobs upload jobs the API produces ({@code TOPIC_JOBS})
   * @param progress the compacted snapshots the store reads ({@code TOPIC_PROGRESS})
   * @param aggregates aggregates, not read by the gateway ({@code TOPIC_AGGREGATES})
   * @param jobsDlq refused jobs, not read by the gateway ({@code TOPIC_JOBS_DLQ})
   */
  public record TopicNames(String jobs, String progress, String aggregates, String jobsDlq) {
    public TopicNames {
      jobs = orDefault(jobs, Topics.DEFAULT_JOBS);
      progress = orDefault(progress, Topics.DEFAULT_PROGRESS);
      aggregates = orDefault(aggregates, Topics.DEFAULT_AGGREGATES);
      jobsDlq = orDefault(jobsDlq, Topics.DEFAULT_JOBS_DEAD_LETTER);
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
   * Limits of the viewer WebSocket endpoint.
   *
   * @param authTimeout how long a connection without a token may take to send its {@code authenticate} message
   * @param unknownUploadWait how long a viewer of an upload with no snapshot yet waits before a 4004 close
   * @param maxInboundFrameSize largest client text message; larger ones close the connection (1009)
   * @param sendTimeLimit longest a single send to one viewer may take before that viewer is dropped
   * @param sendBufferSize most bytes queued for one viewer while a send is in progress before it is dropped
   * @param pingInterval how often idle connections get a WebSocket ping frame (keeps proxies from closing them)
   * @param allowedOriginPatterns browser origins allowed to connect; tokens, not cookies, authenticate, so any by
   *     default
   */
  public record WebSocket(
      @DefaultValue("10s") Duration authTimeout,
      @DefaultValue("30s") Duration unknownUploadWait,
      @DefaultValue("4KB") DataSize maxInboundFrameSize,
      @DefaultValue("5s") Duration sendTimeLimit,
      @DefaultValue("64KB") DataSize sendBufferSize,
      @DefaultValue("25s") Duration pingInterval,
      @DefaultValue("*") List<String> allowedOriginPatterns) {
    public WebSocket {
      requirePositive(authTimeout, "gateway.websocket.auth-timeout");
      requirePositive(unknownUploadWait, "gateway.websocket.unknown-upload-wait");
      requirePositive(sendTimeLimit, "gateway.websocket.send-time-limit");
      requirePositive(pingInterval, "gateway.websocket.ping-interval");
      requireSize(maxInboundFrameSize, 256, "gateway.websocket.max-inbound-frame-size");
      requireSize(sendBufferSize, 1024, "gateway.websocket.send-buffer-size");
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

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
  }

  private static void requireSize(DataSize value, long minBytes, String name) {
    if (value == null || value.toBytes() < minBytes) {
      throw new IllegalArgumentException(name + " must be at least " + minBytes + " bytes, was " + value);
    }
  }
}
