package org.uploadpipeline.processor.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches one remote source into a file, blocking: it runs on a worker, never on a stream thread. Every hop (the first
 * request and each redirect) must be {@code http(s)} to an allowed host, and every connection goes only to addresses
 * the {@link AddressPolicy} accepts: the check sits in the client's DNS resolver, so the address checked is the address
 * connected to. The body is capped in bytes and must arrive within the deadline.
 */
final class RemoteFetcher implements Closeable {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final RemoteSourceSettings settings;
  private final AddressPolicy policy;
  private final CloseableHttpClient client;

  RemoteFetcher(RemoteSourceSettings settings, AddressPolicy policy) {
    this.settings = settings;
    this.policy = policy;
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(new CheckedResolver())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                            .setSocketTimeout(Timeout.of(settings.readTimeout()))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(settings.readTimeout())).build())
            // Redirects are followed here, one checked hop at a time.
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .build();
  }

  /**
   * Refuses a URI that no fetch could serve: not {@code http(s)}, without a host, or to a host not on the allowlist.
   * Cheap (no network), so a job fails at once for these.
   */
  void checkUri(URI uri) throws UnreadableUploadException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UnreadableUploadException("Unsupported source URI scheme: '" + uri + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new UnreadableUploadException("The source URL names no host: '" + uri + "'");
    }
    if (!settings.allows(uri.getHost())) {
      throw new UnreadableUploadException(
          "Host '" + uri.getHost() + "' is not allowed for remote sources (processor.http-sources.allowed-hosts)");
    }
  }

  /** Fetches the body of {@code uri} into {@code target}, following at most the configured redirects. */
  void fetch(URI uri, Path target) throws UnreadableUploadException {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    URI current = uri;
    for (int redirects = 0; ; redirects++) {
      checkUri(current);
      checkAddresses(current.getHost());
      try (ClassicHttpResponse response = client.executeOpen(null, new HttpGet(current), null)) {
        int status = response.getCode();
        if (isRedirect(status)) {
          Header location = response.getFirstHeader("Location");
          if (location == null) {
            throw new UnreadableUploadException("Cannot download " + uri + ": redirect without a Location");
          }
          if (redirects >= settings.maxRedirects()) {
            throw new UnreadableUploadException(
                "Cannot download " + uri + ": more than " + settings.maxRedirects() + " redirects");
          }
          current = current.resolve(location.getValue());
          continue;
        }
        if (status != 200) {
          throw new UnreadableUploadException("Cannot download " + uri + ": HTTP " + status);
        }
        copy(uri, response.getEntity(), target, deadline);
        return;
      } catch (RefusedAddressException e) {
        throw new UnreadableUploadException("Cannot download " + uri + ": " + e.getMessage());
      } catch (IOException | IllegalArgumentException e) {
        throw new UnreadableUploadException("Cannot download " + uri + ": " + describe(e), e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  private void copy(URI uri, HttpEntity entity, Path target, long deadline)
      throws IOException, UnreadableUploadException {
    if (entity == null) {
      Files.write(target, new byte[0]);
      return;
    }
    if (entity.getContentLength() > settings.maxBytes()) {
      throw tooLarge(uri);
    }
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    try (InputStream in = entity.getContent(); OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > settings.maxBytes()) {
          throw tooLarge(uri);
        }
        if (System.nanoTime() > deadline) {
          throw new UnreadableUploadException(
              "Cannot download " + uri + ": the body took longer than " + settings.deadline()
                  + " (processor.http-sources.deadline)");
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private UnreadableUploadException tooLarge(URI uri) {
    return new UnreadableUploadException(
        "Cannot download " + uri + ": the body is larger than the limit of " + settings.maxBytes()
            + " bytes (processor.http-sources.max-size)");
  }

  /** Checked before connecting too, so a refused host fails with its reason rather than a connection error. */
  private void checkAddresses(String host) throws UnreadableUploadException {
    try {
      new CheckedResolver().resolve(host);
    } catch (RefusedAddressException e) {
      throw new UnreadableUploadException("Cannot download from " + host + ": " + e.getMessage());
    } catch (UnknownHostException e) {
      throw new UnreadableUploadException("Cannot download from " + host + ": unknown host");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Resolves like the system does, then refuses the host when any of its addresses is refused. */
  private final class CheckedResolver implements DnsResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
      for (InetAddress address : addresses) {
        Optional<String> refusal = policy.refusal(address);
        if (refusal.isPresent()) {
          throw new RefusedAddressException("host '" + host + "' is a " + refusal.get() + ", which remote sources "
              + "may not reach");
        }
      }
      return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
  }

  /** An address the policy refuses; an {@link UnknownHostException} so the client gives up on the host at once. */
  private static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String message) {
      super(message);
    }
  }
}
