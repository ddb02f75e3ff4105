package org.uploadpipeline.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;

/**
 * A WebSocket server on a real port (embedded Tomcat, as the gateway runs on) that plays a script per connection, so
 * a test can make the gateway's every close code and misbehaviour happen on demand.
 */
final class ScriptedGateway implements AutoCloseable {

  /** What the server does on one connection, after the client's first message arrived. */
  interface Script {
    void play(Connection connection) throws IOException;
  }

  /** One accepted connection: what the client sent, and the means to answer. */
  record Connection(int number, String query, String firstMessage, List<String> received, Session session) {

    void send(ServerMessage message) throws IOException {
      session.getBasicRemote().sendText(WebSocketJson.write(message));
    }

    void close(int code, String reason) throws IOException {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }
  }

  private static volatile ScriptedGateway running;

  private final Tomcat tomcat = new Tomcat();
  private final List<Script> scripts;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  private ScriptedGateway(List<Script> scripts) {
    this.scripts = scripts;
  }

  /** Starts a server whose n-th connection plays the n-th script (the last one for any further connection). */
  static ScriptedGateway start(Script... scripts) throws Exception {
    ScriptedGateway gateway = new ScriptedGateway(List.of(scripts));
    running = gateway;
    gateway.tomcat.setBaseDir(Files.createTempDirectory("scripted-gateway").toString());
    gateway.tomcat.setPort(0);
    Context context = gateway.tomcat.addContext("", null);
    context.addServletContainerInitializer(new WsSci(), null);
    context.addApplicationListener(Registration.class.getName());
    // Tomcat runs filters (the WebSocket upgrade is one) only for a request mapped to a servlet.
    Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() { });
    context.addServletMappingDecoded("/", "default");
    gateway.tomcat.getConnector();
    gateway.tomcat.start();
    return gateway;
  }

  /** The channel URI of an upload on this server (JSR 356 paths cannot end in a slash as the gateway's do). */
  URI channel(String uploadId) {
    return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/ws/processing/" + uploadId);
  }

  List<Connection> connections() {
    return List.copyOf(connections);
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  /** Registers the endpoint once the servlet context (and with it the WebSocket container) exists. */
  public static final class Registration implements jakarta.servlet.ServletContextListener {
    @Override
    public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
      ServerContainer container =
          (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
      try {
        container.addEndpoint(ServerEndpointConfig.Builder.create(ScriptedEndpoint.class, "/ws/processing/{id}")
            .build());
      } catch (jakarta.websocket.DeploymentException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Plays the script of its connection's number once the client's first message arrives. */
  public static final class ScriptedEndpoint extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      ScriptedGateway gateway = running;
      List<String> received = new CopyOnWriteArrayList<>();
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        received.add(text);
        if (received.size() > 1) {
          return;
        }
        int number;
        Connection connection;
        synchronized (gateway) {
          number = gateway.connections.size();
          connection = new Connection(number, session.getQueryString(), text, received, session);
          gateway.connections.add(connection);
        }
        try {
          gateway.scripts.get(Math.min(number, gateway.scripts.size() - 1)).play(connection);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
