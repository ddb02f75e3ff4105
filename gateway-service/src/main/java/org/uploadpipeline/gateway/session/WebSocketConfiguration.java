package org.uploadpipeline.gateway.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.auth.TokenVerifier;
import org.uploadpipeline.gateway.progress.SnapshotStore;

/** Raw WebSocket (no STOMP, no SockJS) at {@code /ws/processing/{uploadId}/}, trailing slash optional. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

  static final String ENDPOINT = "/ws/processing/{uploadId}";

  /**
   * Threads that write to sockets. Sends are bounded by the send time limit, so a few threads serve many viewers; a
   * slow viewer delays only the thread draining its own mailbox, never the fan-out.
   */
  private static final int SENDER_THREADS = 4;

  private final GatewayProperties properties;
  private final ProcessingWebSocketHandler handler;

  WebSocketConfiguration(GatewayProperties properties, ProcessingWebSocketHandler handler) {
    this.properties = properties;
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, ENDPOINT, ENDPOINT + "/")
        .addInterceptors(new ViewerHandshakeInterceptor())
        .setAllowedOriginPatterns(properties.websocket().allowedOriginPatterns().toArray(String[]::new));
  }

  @Bean(destroyMethod = "shutdownNow")
  static ExecutorService viewerSender() {
    return Executors.newFixedThreadPool(SENDER_THREADS, named("ws-send-"));
  }

  @Bean(destroyMethod = "shutdownNow")
  static ScheduledExecutorService viewerTimers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("ws-timer-"));
    // Most timers are cancelled (the client authenticated, the upload showed up): don't keep them queued.
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  @Bean
  static SessionRegistry sessionRegistry(
      ExecutorService viewerSender, ScheduledExecutorService viewerTimers, GatewayProperties properties) {
    SessionRegistry registry = new SessionRegistry(viewerSender);
    long interval = properties.websocket().pingInterval().toMillis();
    viewerTimers.scheduleAtFixedRate(registry::pingAll, interval, interval, TimeUnit.MILLISECONDS);
    return registry;
  }

  /** {@code gateway.ws.sessions.active}: authenticated viewer sessions; no per-upload or per-user label. */
  @Bean
  static MeterBinder viewerSessionMetrics(SessionRegistry registry) {
    return meters ->
        Gauge.builder("gateway.ws.sessions.active", registry, SessionRegistry::size)
            .description("Authenticated viewer sessions watching an upload")
            .register(meters);
  }

  @Bean
  static ProcessingWebSocketHandler processingWebSocketHandler(
      TokenVerifier verifier,
      SnapshotStore store,
      SessionRegistry registry,
      GatewayProperties properties,
      ExecutorService viewerSender,
      ScheduledExecutorService viewerTimers) {
    return new ProcessingWebSocketHandler(
        verifier, store, registry, properties.websocket(), viewerSender, viewerTimers);
  }

  @Bean
  static ServletServerContainerFactoryBean webSocketContainer(GatewayProperties properties) {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    // A larger client message closes the connection (1009): clients only send small authenticate and ping messages.
    container.setMaxTextMessageBufferSize((int) properties.websocket().maxInboundFrameSize().toBytes());
    container.setMaxBinaryMessageBufferSize(512);
    return container;
  }

  @Bean
  static FilterRegistrationBean<SuppressCompressionFilter> suppressWebSocketCompression() {
    FilterRegistrationBean<SuppressCompressionFilter> registration =
        new FilterRegistrationBean<>(new SuppressCompressionFilter());
    registration.addUrlPatterns("/ws/*");
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
