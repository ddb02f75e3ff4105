package org.uploadpipeline.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.WebSocketJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON lines for scripts: an {@code accepted} line, then every server message in the contract's form (snake_case, as
 * documented for the WebSocket), {@code reconnecting} lines, and a last {@code exit} line with the exit code and
 * reason.
 */
final class JsonLinesView implements ProgressView {

  private final PrintWriter out;

  JsonLinesView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accepted(UploadRequest request, GatewayClient.Accepted accepted) {
    ObjectNode line = line("accepted");
    line.put("upload_id", accepted.uploadId());
    line.put("websocket", accepted.webSocketUri().toString());
    line.put("file", request.file().toString());
    ObjectNode mapping = line.putObject("mapping");
    request.mapping().forEach(mapping::put);
    ArrayNode guessed = line.putArray("guessed");
    ColumnGuesser.FIELDS.stream().filter(request.guessed()::contains).forEach(guessed::add);
    ObjectNode format = line.putObject("format");
    request.format().forEach(format::put);
    print(line);
  }

  @Override
  public void message(ServerMessage message) {
    out.println(WebSocketJson.write(message));
    out.flush();
  }

  @Override
  public void reconnecting(int attempt, int maxAttempts, Duration delay, String reason) {
    ObjectNode line = line("reconnecting");
    line.put("attempt", attempt);
    line.put("max_attempts", maxAttempts);
    line.put("delay_ms", delay.toMillis());
    line.put("reason", reason);
    print(line);
  }

  @Override
  public void finished(Outcome outcome) {
    ObjectNode line = line("exit");
    line.put("code", outcome.exitCode());
    line.put("reason", outcome.reason());
    print(line);
  }

  private static ObjectNode line(String type) {
    ObjectNode line = ProtocolJson.mapper().createObjectNode();
    line.put("type", type);
    return line;
  }

  private void print(JsonNode line) {
    out.println(ProtocolJson.mapper().writeValueAsString(line));
    out.flush();
  }
}
