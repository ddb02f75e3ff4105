package org.uploadpipeline.gateway.session;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful drain of the viewer sessions on shutdown (SIGTERM, a Kubernetes rollout or scale-down). It stops before the
 * web server's graceful shutdown: new handshakes are refused with 503, every open session gets an {@code error} saying
 * the server is restarting and is closed with 1012 (service restart), so clients reconnect at once (to another
 * instance behind the load balancer) and resume with {@code ?lastSeq}. Then Tomcat's graceful shutdown lets in-flight
 * HTTP requests finish. The snapshot store stops after the web server, so sessions keep their live updates meanwhile.
 */
final class ViewerDrain implements SmartLifecycle {

  /**
   * Stopped before Spring Boot's web server graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the web server itself
   * ({@code DEFAULT_PHASE - 2048}); started after them (it only re-opens the door).
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(ViewerDrain.class);

  private final ViewerConnections connections;
  private final Duration timeout;
  private volatile boolean running;

  /** @param timeout longest wait for the sessions to close (a viewer that does not read holds its close that long) */
  ViewerDrain(ViewerConnections connections, Duration timeout) {
    this.connections = connections;
    this.timeout = timeout;
  }

  @Override
  public void start() {
    connections.acceptViewers();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    int before = connections.count();
    long started = System.nanoTime();
    int left = connections.drain(timeout);
    log.info(
        "Drained viewer sessions for shutdown: {} told to reconnect (1012), {} still open after {} ms",
        before, left, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
