package org.uploadpipeline.gateway.session;

import org.apache.tomcat.websocket.BackgroundProcess;
import org.apache.tomcat.websocket.BackgroundProcessManager;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps Tomcat's "WebSocket background processing" thread for the application's life. Tomcat starts that thread when
 * the container gets its first session and ends it when the last one closes, so with one viewer at a time (a page
 * that reloads, a CLI that follows one upload) every connect created a thread and every close ended it: in the
 * connect profile that churn, and the compiler work it kept causing, cost more CPU than the connect itself. While
 * registered, this keeps the thread alive; its own periodic work is nothing.
 */
final class WebSocketBackgroundThread implements BackgroundProcess, SmartLifecycle {

  private volatile int processPeriod = 1;
  private volatile boolean running;

  @Override
  public void start() {
    BackgroundProcessManager.getInstance().register(this);
    running = true;
  }

  @Override
  public void stop() {
    BackgroundProcessManager.getInstance().unregister(this);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void backgroundProcess() {
    // Nothing: being registered is the point.
  }

  @Override
  public void setProcessPeriod(int period) {
    this.processPeriod = period;
  }

  @Override
  public int getProcessPeriod() {
    return processPeriod;
  }
}
