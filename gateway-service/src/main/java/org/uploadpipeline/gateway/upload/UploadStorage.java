package org.uploadpipeline.gateway.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Keeps uploaded files under {@code <storageDir>/<tenant>/<uploadId>.csv}, streamed to disk (never whole in memory) and
 * moved into place only when complete, so the processor never reads half a file.
 */
class UploadStorage {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path root;
  private final long maxBytes;

  UploadStorage(Path root, long maxBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  /**
   * Stores the stream as the upload's file and returns its path.
   *
   * @throws ApiException 413 when the stream is longer than the limit, 400 when the tenant cannot name a directory
   */
  Path store(String tenantId, String uploadId, InputStream content) {
    if (!SAFE_NAME.matcher(tenantId).matches()) {
      // The tenant comes from a token: never let it walk out of the storage directory.
      throw ApiException.badRequest("the tenant id cannot be used as a storage directory name");
    }
    Path dir = root.resolve(tenantId);
    Path target = dir.resolve(uploadId + ".csv");
    Path partial = null;
    try {
      Files.createDirectories(dir);
      partial = Files.createTempFile(dir, uploadId, ".part");
      copyAtMost(content, partial);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store upload " + uploadId, e);
    } finally {
      deleteQuietly(partial);
    }
  }

  /** Removes a stored upload whose job could not be published. */
  void delete(Path file) {
    deleteQuietly(file);
  }

  private void copyAtMost(InputStream content, Path file) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      int read;
      while ((read = content.read(buffer)) != -1) {
        total += read;
        if (total > maxBytes) {
          throw ApiException.tooLarge("the file exceeds the upload size limit of " + maxBytes + " bytes");
        }
        out.write(buffer, 0, read);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort: a leftover partial file is harmless and never referenced by a job.
    }
  }
}
