package org.uploadpipeline.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls {@code /actuator/health/readiness} every {@value #INTERVAL_MILLIS} ms from its start and notes the first 200,
 * finer than the local stack's own 250 ms check (whose return marks readiness a little late).
 */
final class ReadinessProbe implements AutoCloseable {

  private static final long INTERVAL_MILLIS = 50;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final HttpRequest request;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread poller;
  private volatile boolean running = true;
  private volatile long readyAt;

  ReadinessProbe(int port) {
    request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(1))
            .build();
    poller = new Thread(this::poll, "readiness-probe");
    poller.setDaemon(true);
    poller.start();
  }

  /** The nanoTime of the first 200, waiting at most {@code timeout} for it; -1 when none came. */
  long readyAt(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? readyAt : -1;
  }

  private void poll() {
    while (running) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          readyAt = System.nanoTime();
          ready.countDown();
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        return;
      }
      LockSupport.parkNanos(INTERVAL_MILLIS * 1_000_000);
    }
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
  }
}
