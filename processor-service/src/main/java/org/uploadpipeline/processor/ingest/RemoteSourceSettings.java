package org.uploadpipeline.processor.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How {@code http(s)://} sources are fetched. They are off unless enabled, and even then only from the listed hosts and
 * never from an address that is not public ({@link AddressPolicy#PUBLIC_ONLY}).
 *
 * @param enabled whether jobs may name {@code http(s)://} sources at all
 * @param allowedHosts host names (exact, case-insensitive) jobs may fetch from; empty allows none
 * @param maxBytes largest body fetched
 * @param connectTimeout how long a connection may take
 * @param readTimeout how long the server may stay silent while sending
 * @param deadline how long the whole body may take, however steadily it trickles
 * @param maxRedirects redirects followed, each checked like the first request
 * @param stagingDir where fetched bodies are kept until the upload is read
 */
public record RemoteSourceSettings(
    boolean enabled,
    List<String> allowedHosts,
    long maxBytes,
    Duration connectTimeout,
    Duration readTimeout,
    Duration deadline,
    int maxRedirects,
    Path stagingDir) {

  public RemoteSourceSettings {
    allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
        .toList();
  }

  /** Remote sources off: every {@code http(s)://} job fails saying so. */
  public static RemoteSourceSettings disabled(Path stagingDir) {
    return new RemoteSourceSettings(
        false, List.of(), 0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0, stagingDir);
  }

  boolean allows(String host) {
    return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }
}
