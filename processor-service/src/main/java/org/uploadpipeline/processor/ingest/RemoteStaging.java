package org.uploadpipeline.processor.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches remote sources on worker threads into staging files, so a slow or silent server never blocks a stream
 * thread: the chunker asks each round whether the file is there yet and reads it like a local file once it is.
 */
final class RemoteStaging implements Closeable {

  private static final int WORKERS = 2;

  private final RemoteSourceSettings settings;
  private final RemoteFetcher fetcher;
  private final ExecutorService workers;
  private final Map<String, Future<Path>> fetches = new ConcurrentHashMap<>();

  RemoteStaging(RemoteSourceSettings settings, AddressPolicy policy) {
    this.settings = settings;
    this.fetcher = new RemoteFetcher(settings, policy);
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(WORKERS, task -> {
          Thread thread = new Thread(task, "remote-source-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * The staged file of the upload's remote source, or empty while it is still being fetched (the first call starts
   * the fetch).
   *
   * @throws UnreadableUploadException when remote sources are off, the URI is refused, or the fetch failed
   */
  Optional<Path> staged(String uploadId, URI uri) throws UnreadableUploadException {
    if (!settings.enabled()) {
      throw new UnreadableUploadException(
          "Remote (http/https) sources are disabled on this processor (processor.http-sources.enabled)");
    }
    fetcher.checkUri(uri);
    Future<Path> fetch = fetches.computeIfAbsent(uploadId, id -> workers.submit(() -> fetchToFile(id, uri)));
    if (!fetch.isDone()) {
      return Optional.empty();
    }
    fetches.remove(uploadId);
    try {
      return Optional.of(fetch.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnreadableUploadException unreadable) {
        throw unreadable;
      }
      throw new UnreadableUploadException("Cannot download " + uri + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreadableUploadException("Interrupted while downloading " + uri, e);
    }
  }

  /** Stops fetching for an upload that ended (failed, or its task moved away), and deletes what was fetched. */
  void discard(String uploadId) {
    Future<Path> fetch = fetches.remove(uploadId);
    if (fetch == null) {
      return;
    }
    if (!fetch.cancel(true)) {
      // Already done: a fetched file is deleted; a failed fetch left none.
      try {
        Files.deleteIfExists(fetch.get());
      } catch (ExecutionException | IOException e) {
        // Nothing to delete, or a leftover staging file, harmless: nothing refers to it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws IOException {
    workers.shutdownNow();
    fetcher.close();
  }

  private Path fetchToFile(String uploadId, URI uri) throws IOException, UnreadableUploadException {
    Files.createDirectories(settings.stagingDir());
    Path file = Files.createTempFile(settings.stagingDir(), uploadId, ".csv");
    try {
      fetcher.fetch(uri, file);
      return file;
    } catch (UnreadableUploadException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
