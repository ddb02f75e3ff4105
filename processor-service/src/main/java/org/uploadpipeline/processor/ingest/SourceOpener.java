package org.uploadpipeline.processor.ingest;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;

/**
 * Opens the bytes behind an upload's {@link UploadSource}: inline text; a {@code file://} URI inside the job's own
 * tenant folder of one of the storage roots ({@code <root>/<tenantId>/}, symbolic links resolved first), so a job can
 * neither make the processor read, and echo in row errors, files it was never meant to see, nor name another tenant's
 * upload; or {@code http(s)://}, fetched on a worker under {@link RemoteSourceSettings}.
 */
public final class SourceOpener implements Closeable {

  /** Tenant ids that can name a folder: the gateway stores uploads under the same names. */
  private static final Pattern TENANT_FOLDER = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

  private final List<Path> storageRoots;
  private final RemoteStaging remote;

  public SourceOpener(List<Path> storageRoots, RemoteSourceSettings remote) {
    this(storageRoots, remote, AddressPolicy.PUBLIC_ONLY);
  }

  /** With another address policy: for tests that serve files from this machine. */
  public SourceOpener(List<Path> storageRoots, RemoteSourceSettings remote, AddressPolicy policy) {
    this.storageRoots = storageRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.remote = new RemoteStaging(remote, policy);
  }

  /**
   * The upload's bytes, or empty while a remote source is still being fetched (ask again later).
   *
   * @throws UnreadableUploadException when the source is refused or cannot be read
   */
  Optional<OpenedSource> open(UploadJob job, Charset charset) throws UnreadableUploadException {
    UploadSource source = job.source();
    if (source.inline() != null) {
      byte[] bytes = source.inline().getBytes(charset);
      return Optional.of(new OpenedSource(new ByteArrayInputStream(bytes), (long) bytes.length));
    }
    URI uri;
    try {
      uri = URI.create(source.uri());
    } catch (IllegalArgumentException e) {
      throw new UnreadableUploadException("Not a valid source URI: '" + source.uri() + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> Optional.of(openFile(uri, job.tenantId()));
      case "http", "https" -> openStaged(job.uploadId(), uri);
      default -> throw new UnreadableUploadException("Unsupported source URI scheme: '" + source.uri() + "'");
    };
  }

  /** The upload ended or moved away: a fetch still running for it is abandoned. */
  void release(String uploadId) {
    remote.discard(uploadId);
  }

  @Override
  public void close() throws IOException {
    remote.close();
  }

  private OpenedSource openFile(URI uri, String tenantId) throws UnreadableUploadException {
    Path path;
    try {
      path = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new UnreadableUploadException("Not a valid file URI: '" + uri + "'");
    }
    if (!TENANT_FOLDER.matcher(tenantId).matches()) {
      throw new UnreadableUploadException("Tenant '" + tenantId + "' cannot name a storage folder for file sources");
    }
    if (storageRoots.stream().noneMatch(root -> path.startsWith(root.resolve(tenantId)))) {
      throw new UnreadableUploadException("File is outside the upload storage of tenant " + tenantId + ": " + path);
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UnreadableUploadException("File not found: " + path);
    } catch (IOException e) {
      throw new UnreadableUploadException("Cannot read file " + path + ": " + e.getMessage(), e);
    }
    // A symbolic link inside the folder must not lead out of it.
    if (storageRoots.stream().noneMatch(root -> real.startsWith(realOrSelf(root.resolve(tenantId))))) {
      throw new UnreadableUploadException("File is outside the upload storage of tenant " + tenantId + ": " + path);
    }
    try {
      return new OpenedSource(Files.newInputStream(real), Files.size(real));
    } catch (IOException e) {
      throw new UnreadableUploadException("Cannot read file " + path + ": " + e.getMessage(), e);
    }
  }

  private Optional<OpenedSource> openStaged(String uploadId, URI uri) throws UnreadableUploadException {
    Optional<Path> staged = remote.staged(uploadId, uri);
    if (staged.isEmpty()) {
      return Optional.empty();
    }
    Path file = staged.get();
    try {
      long size = Files.size(file);
      // The staged copy is only needed while it is read (on Linux it is unlinked at once, and read through the handle).
      return Optional.of(new OpenedSource(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE), size));
    } catch (IOException e) {
      throw new UnreadableUploadException("Cannot read the downloaded copy of " + uri + ": " + e.getMessage(), e);
    }
  }

  private static Path realOrSelf(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path;
    }
  }
}
