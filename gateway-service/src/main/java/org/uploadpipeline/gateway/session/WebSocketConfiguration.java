package org.uploadpipeline.gateway.session;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.RefusalLog;
import org.uploadpipeline.gateway.auth.TokenVerifier;
import org.uploadpipeline.gateway.progress.SnapshotStore;
import org.uploadpipeline.gateway.progress.TenantIndex;

/**
 * Raw WebSocket (no STOMP, no SockJS) at {@code /ws/processing/{uploadId}/} and {@code /ws/uploads/} (the tenant
 * board), trailing slash optional: Spring's
 * WebSocket handshake and handler, entered from {@link ViewerUpgradeFilter} rather than through a handler mapping.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

  /** Threads that pick the next message of a session and start its asynchronous send: they never wait on a socket. */
  private static final int SENDER_THREADS = 2;

  /** Threads for ping frames and closes, which may wait on a socket briefly (bounded by the send time limit). */
  private static final int CONTROL_THREADS = 4;

  /**
   * Per-connection buffers. Tomcat's defaults (8 KiB socket buffers, 8 KiB message buffers) cost ~70 KiB per idle
   * session; these keep one under 15 KiB of heap (docs/BENCHMARKS.md). Client messages are tiny; a larger one is
   * handed over in pieces and limited by {@code gateway.websocket.max-inbound-frame-size}.
   */
  static final int SOCKET_BUFFER_BYTES = 512;

  /**
   * Characters of a client text message held at once (2 bytes each, per session): a larger one, like an
   * {@code authenticate} message with a long token, arrives in pieces that {@link InboundLimiter} puts together.
   */
  static final int TEXT_MESSAGE_BUFFER = 256;

  /**
   * The handshake: the origin check, then capacity, the limits before authentication and what the filter read, then
   * the upgrade to the handler.
   */
  @Bean
  static PreAuthLimits preAuthLimits(GatewayProperties properties) {
    return new PreAuthLimits(properties.preAuth());
  }

  @Bean
  static WebSocketHttpRequestHandler viewerHandshake(
      ProcessingWebSocketHandler handler,
      ViewerConnections connections,
      GatewayProperties properties,
      RefusalLog refusalLog,
      PreAuthLimits preAuthLimits) {
    WebSocketHttpRequestHandler handshake = new WebSocketHttpRequestHandler(handler, new DefaultHandshakeHandler());
    handshake.setHandshakeInterceptors(
        List.of(
            // Empty means same-origin only; a request without Origin (not a browser) is not subject to it.
            new ViewerOriginCheck(properties.websocket().allowedOriginPatterns(), refusalLog),
            new ViewerHandshakeInterceptor(
                connections::count,
                properties.websocket().maxSessions(),
                connections::isDraining,
                refusalLog,
                preAuthLimits,
                properties.preAuth().clientAddressHeader())));
    // A plain Lifecycle is not started by the context (a handler mapping would have started it).
    handshake.start();
    return handshake;
  }

  @Bean(destroyMethod = "shutdownNow")
  static ExecutorService viewerSender() {
    return new ThreadPoolExecutor(
        SENDER_THREADS, SENDER_THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), named("ws-send-"));
  }

  @Bean(destroyMethod = "shutdownNow")
  static ExecutorService viewerControl() {
    ThreadPoolExecutor control =
        new ThreadPoolExecutor(
            CONTROL_THREADS, CONTROL_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("ws-control-"));
    control.allowCoreThreadTimeOut(true);
    return control;
  }

  @Bean(destroyMethod = "shutdownNow")
  static ScheduledExecutorService viewerTimers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("ws-timer-"));
    // Most timers are cancelled (the client authenticated, the upload showed up, the session ended).
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  @Bean
  static WebSocketBackgroundThread webSocketBackgroundThread() {
    return new WebSocketBackgroundThread();
  }

  @Bean
  static ViewerMetrics viewerMetrics(MeterRegistry meterRegistry) {
    return new ViewerMetrics(meterRegistry);
  }

  @Bean
  static RecentSnapshots recentSnapshots() {
    return new RecentSnapshots();
  }

  @Bean
  static StallWatch stallWatch(GatewayProperties properties, Clock clock) {
    return new StallWatch(properties.progress().stallAfter(), clock);
  }

  @Bean
  static SessionRegistry sessionRegistry(
      ScheduledExecutorService viewerTimers,
      GatewayProperties properties,
      ViewerMetrics viewerMetrics,
      RecentSnapshots recentSnapshots,
      StallWatch stalls) {
    GatewayProperties.WebSocket limits = properties.websocket();
    SessionRegistry registry =
        new SessionRegistry(limits.maxSessionsPerUser(), viewerMetrics, recentSnapshots, stalls);
    long interval = limits.pingInterval().toMillis();
    long pongTimeout = limits.pongTimeout().toNanos();
    viewerTimers.scheduleAtFixedRate(
        () -> registry.heartbeatAll(pongTimeout), interval, interval, TimeUnit.MILLISECONDS);
    long stallCheck = stalls.checkInterval().toMillis();
    viewerTimers.scheduleAtFixedRate(registry::announceStalls, stallCheck, stallCheck, TimeUnit.MILLISECONDS);
    return registry;
  }

  /** The board's list; its stall check runs with the viewers', and the tenant index is swept once a minute. */
  @Bean
  static UploadBoard uploadBoard(
      TenantIndex tenantIndex,
      SnapshotStore store,
      RecentSnapshots recentSnapshots,
      StallWatch stalls,
      SessionRegistry registry,
      ScheduledExecutorService viewerTimers,
      GatewayProperties properties) {
    UploadBoard board =
        new UploadBoard(tenantIndex, store, recentSnapshots, stalls, properties.progress().boardSize());
    long stallCheck = stalls.checkInterval().toMillis();
    viewerTimers.scheduleAtFixedRate(
        () -> board.announceStalls(registry), stallCheck, stallCheck, TimeUnit.MILLISECONDS);
    viewerTimers.scheduleAtFixedRate(tenantIndex::sweep, 1, 1, TimeUnit.MINUTES);
    return board;
  }

  @Bean
  static ViewerSessionFactory viewerSessionFactory(
      ExecutorService viewerSender,
      ExecutorService viewerControl,
      ScheduledExecutorService viewerTimers,
      ViewerMetrics viewerMetrics,
      GatewayProperties properties) {
    return new ViewerSessionFactory(viewerSender, viewerControl, viewerTimers, viewerMetrics, properties.websocket());
  }

  @Bean
  static ViewerAdmission viewerAdmission(
      TokenVerifier verifier,
      SnapshotStore store,
      RecentSnapshots recentSnapshots,
      SessionRegistry registry,
      GatewayProperties properties,
      Clock clock,
      RefusalLog refusalLog,
      UploadBoard uploadBoard) {
    return new ViewerAdmission(
        verifier, store, recentSnapshots, registry, properties, clock, refusalLog, uploadBoard);
  }

  @Bean
  static ViewerConnections viewerConnections() {
    return new ViewerConnections();
  }

  @Bean
  static ProcessingWebSocketHandler processingWebSocketHandler(
      ViewerSessionFactory viewerSessionFactory,
      ViewerConnections viewerConnections,
      ViewerAdmission viewerAdmission,
      GatewayProperties properties) {
    return new ProcessingWebSocketHandler(
        viewerSessionFactory, viewerConnections, viewerAdmission, properties.websocket());
  }

  @Bean
  static ViewerDrain viewerDrain(ViewerConnections viewerConnections, GatewayProperties properties) {
    return new ViewerDrain(viewerConnections, properties.websocket().sendTimeLimit());
  }

  @Bean
  static ServletServerContainerFactoryBean webSocketContainer() {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(TEXT_MESSAGE_BUFFER);
    container.setMaxBinaryMessageBufferSize(SOCKET_BUFFER_BYTES);
    return container;
  }

  @Bean
  static TomcatConnectorCustomizer smallConnectionBuffers() {
    return connector -> {
      connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
      connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
    };
  }

  /** First of all filters: a handshake goes through nothing else (see {@link ViewerUpgradeFilter} for why). */
  @Bean
  static FilterRegistrationBean<ViewerUpgradeFilter> viewerUpgradeFilter(
      WebSocketHttpRequestHandler viewerHandshake, TokenVerifier verifier) {
    FilterRegistrationBean<ViewerUpgradeFilter> registration =
        new FilterRegistrationBean<>(new ViewerUpgradeFilter(viewerHandshake, verifier));
    registration.addUrlPatterns(
        ViewerUpgradeFilter.PATH_PREFIX + "*", ViewerUpgradeFilter.BOARD_PATH, ViewerUpgradeFilter.BOARD_PATH + "/");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
