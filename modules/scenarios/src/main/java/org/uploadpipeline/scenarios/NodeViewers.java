package org.uploadpipeline.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.protocol.ProtocolJson;
import tools.jackson.databind.JsonNode;

/**
 * Viewers on client-js under Node ({@code modules/scenarios/node/viewers.mjs}), beside the Java ones: the project's
 * browser client must ride out the same faults. Needs Node.js 20+ and {@code npm ci} in {@code modules/client-js}
 * (the build runs it).
 */
final class NodeViewers {

  private final Process process;
  private final Path output;

  private NodeViewers(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code perUpload} viewers of each upload, each with a token of its own. */
  static NodeViewers start(ScenarioContext ctx, String gatewayUrl, List<String> uploadIds, int perUpload)
      throws IOException {
    Path repository = Path.of(System.getProperty(LocalStack.HOME_PROPERTY, "modules/local-stack/target"))
        .toAbsolutePath().resolve("../../..").normalize();
    Path script = repository.resolve("modules/scenarios/node/viewers.mjs");
    Path ws = repository.resolve("modules/client-js/node_modules/ws");
    if (!Files.isDirectory(ws)) {
      throw new IllegalStateException(ws + " is missing: run 'npm ci' in modules/client-js first");
    }
    List<String> command = new ArrayList<>(List.of("node", script.toString(), gatewayUrl,
        Long.toString(ScenarioContext.FINISH_TIMEOUT.toMillis())));
    for (String id : uploadIds) {
      for (int i = 0; i < perUpload; i++) {
        command.add(id + "=" + ctx.token("acme"));
      }
    }
    Path output = Files.createTempFile("node-viewers", ".json");
    Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new NodeViewers(process, output);
  }

  /**
   * Waits for every viewer to end and checks each one: {@code complete} reached with the expected rows, no state
   * twice, no status back. Returns how many viewers there were.
   */
  int verify(Map<String, Long> expectedRows) throws IOException, InterruptedException {
    ScenarioContext.check(process.waitFor(ScenarioContext.FINISH_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS),
        "the client-js viewers did not end");
    ScenarioContext.check(process.exitValue() == 0, "the client-js viewers exited with " + process.exitValue());
    JsonNode viewers = ProtocolJson.mapper().readTree(Files.readString(output, StandardCharsets.UTF_8));
    for (JsonNode viewer : viewers) {
      String id = viewer.get("uploadId").asString();
      ScenarioContext.check(viewer.get("completed").asBoolean(), "a client-js viewer of " + id + " did not complete");
      ScenarioContext.check(viewer.get("processedRows").asLong() == expectedRows.get(id),
          "a client-js viewer of " + id + " ended on " + viewer.get("processedRows") + " rows");
      ScenarioContext.check(viewer.get("repeated").asInt() == 0, "a client-js viewer saw a state twice");
      ScenarioContext.check(viewer.get("backwards").asInt() == 0, "a client-js viewer saw its status go back");
    }
    Files.deleteIfExists(output);
    return viewers.size();
  }
}
