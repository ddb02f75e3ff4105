package org.uploadpipeline.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/uploads}: streams the file (never held in memory) and reads the gateway's answer. */
final class GatewayClient {

  /** The gateway's {@code 202}: the upload id and where its progress is served. */
  record Accepted(String uploadId, URI webSocketUri) {}

  private final HttpClient http;
  private final URI server;

  GatewayClient(HttpClient http, URI server) {
    this.http = http;
    this.server = server;
  }

  /**
   * Posts the file as {@code text/csv}.
   *
   * @throws CliFailure {@link ExitCodes#AUTH} on 401/403, {@link ExitCodes#REFUSED} on another error status (with the
   *     gateway's message), {@link ExitCodes#CONNECTION} when the gateway cannot be reached
   */
  Accepted upload(UploadRequest request, String token) {
    URI uri = server.resolve("/api/uploads?" + request.query());
    HttpRequest post;
    try {
      post =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "text/csv")
              .header("Accept", "application/json")
              // The gateway checks the token before the body: a refused upload does not send the whole file first.
              .expectContinue(true)
              .POST(HttpRequest.BodyPublishers.ofFile(request.file()))
              .build();
    } catch (FileNotFoundException e) {
      throw new CliFailure(ExitCodes.USAGE, "cannot read " + request.file() + ": no such file");
    }
    HttpResponse<String> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliFailure(ExitCodes.CONNECTION, "cannot reach the gateway at " + server + " (connection refused)", e);
    } catch (HttpTimeoutException e) {
      throw new CliFailure(ExitCodes.CONNECTION, "the gateway at " + server + " did not answer in time", e);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.CONNECTION, "upload to " + server + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.CONNECTION, "interrupted while uploading", e);
    }
    return accepted(response);
  }

  private Accepted accepted(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status == 202 && body != null && body.hasNonNull("uploadId")) {
      String uploadId = body.get("uploadId").asString();
      String path =
          body.hasNonNull("websocket") ? body.get("websocket").asString() : "/ws/processing/" + uploadId + "/";
      return new Accepted(uploadId, webSocketUri(server, path));
    }
    String message =
        body != null && body.hasNonNull("message") ? body.get("message").asString() : snippet(response.body());
    String error = body != null && body.hasNonNull("error") ? " " + body.get("error").asString() : "";
    if (status == 401 || status == 403) {
      throw new CliFailure(ExitCodes.AUTH, "the gateway refused the token (" + status + error + "): " + message);
    }
    throw new CliFailure(ExitCodes.REFUSED, "the gateway refused the upload (" + status + error + "): " + message);
  }

  /** {@code http(s)://host:port} + the answer's path, as {@code ws(s)://}. */
  static URI webSocketUri(URI server, String path) {
    URI resolved = server.resolve(path);
    String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + resolved.toString().substring(resolved.getScheme().length()));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = ProtocolJson.mapper().readTree(body);
      return node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
