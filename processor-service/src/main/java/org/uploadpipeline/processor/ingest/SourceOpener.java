package org.uploadpipeline.processor.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.uploadpipeline.protocol.UploadSource;

/**
 * Opens the bytes behind an {@link UploadSource}: inline text, a {@code file://} URI inside one of the allowed roots
 * (so a job cannot make the processor read, and echo in row errors, files it was never meant to see), or
 * {@code http(s)://}.
 */
public final class SourceOpener {

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  private final List<Path> allowedFileRoots;
  private final HttpClient http;

  public SourceOpener(List<Path> allowedFileRoots) {
    this.allowedFileRoots = allowedFileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  OpenedSource open(UploadSource source, Charset charset) throws UnreadableUploadException {
    if (source.inline() != null) {
      byte[] bytes = source.inline().getBytes(charset);
      return new OpenedSource(new ByteArrayInputStream(bytes), (long) bytes.length);
    }
    URI uri;
    try {
      uri = URI.create(source.uri());
    } catch (IllegalArgumentException e) {
      throw new UnreadableUploadException("Not a valid source URI: '" + source.uri() + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> openFile(uri);
      case "http", "https" -> openHttp(uri);
      default -> throw new UnreadableUploadException("Unsupported source URI scheme: '" + source.uri() + "'");
    };
  }

  private OpenedSource openFile(URI uri) throws UnreadableUploadException {
    Path path;
    try {
      path = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      throw new UnreadableUploadException("Not a valid file URI: '" + uri + "'");
    }
    if (allowedFileRoots.stream().noneMatch(path::startsWith)) {
      throw new UnreadableUploadException("File is outside the upload storage: " + path);
    }
    try {
      return new OpenedSource(Files.newInputStream(path), Files.size(path));
    } catch (NoSuchFileException e) {
      throw new UnreadableUploadException("File not found: " + path);
    } catch (IOException e) {
      throw new UnreadableUploadException("Cannot read file " + path + ": " + e.getMessage(), e);
    }
  }

  private OpenedSource openHttp(URI uri) throws UnreadableUploadException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new UnreadableUploadException("Cannot download " + uri + ": HTTP " + response.statusCode());
      }
      Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
      return new OpenedSource(response.body(), size);
    } catch (IOException e) {
      throw new UnreadableUploadException("Cannot download " + uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreadableUploadException("Interrupted while downloading " + uri, e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
