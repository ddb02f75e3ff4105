package org.uploadpipeline.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/uploads}: streams the file (never held in memory) and reads the gateway's answer; and
 * {@code DELETE /api/uploads/{id}}, which asks for a cancel.
 */
final class GatewayClient {

  /** How long a cancel request may take: a person is waiting at the terminal. */
  static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

  /** The gateway's {@code 202}: the upload id and where its progress is served. */
  record Accepted(String uploadId, URI webSocketUri) {}

  /**
   * The gateway's answer to a cancel.
   *
   * @param status the HTTP status; 0 when the gateway could not be reached
   * @param message the gateway's message (for 409: that the upload has already finished, and how), or what failed
   */
  record CancelAnswer(int status, String message) {

    /** 202: the cancel is on its way to the processor, whose {@code cancelled} status ends the upload. */
    boolean accepted() {
      return status == 202;
    }

    /** The line to print. */
    String describe() {
      if (accepted()) {
        return "cancel requested";
      }
      if (status == 409) {
        return message;
      }
      return status == 0 ? "cannot cancel: " + message : "cancel refused (" + status + "): " + message;
    }
  }

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

  /** Asks the gateway to cancel the upload; never throws: what went wrong is in the answer. */
  CancelAnswer cancel(String uploadId, String token) {
    String path = "/api/uploads/" + URLEncoder.encode(uploadId, StandardCharsets.UTF_8).replace("+", "%20");
    HttpRequest delete =
        HttpRequest.newBuilder(server.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .timeout(CANCEL_TIMEOUT)
            .DELETE()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(delete, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return new CancelAnswer(0, "cannot reach the gateway at " + server + " (connection refused)");
    } catch (HttpTimeoutException e) {
      return new CancelAnswer(0, "the gateway at " + server + " did not answer in time");
    } catch (IOException e) {
      return new CancelAnswer(0, "the request to " + server + " failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CancelAnswer(0, "interrupted");
    }
    JsonNode body = parse(response.body());
    String message =
        body != null && body.hasNonNull("message") ? body.get("message").asString() : snippet(response.body());
    return new CancelAnswer(response.statusCode(), message);
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
