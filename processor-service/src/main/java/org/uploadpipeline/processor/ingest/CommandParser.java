package org.uploadpipeline.processor.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a record of {@code uploads.commands} and checks it against the contract's JSON Schema. */
final class CommandParser {

  /**
   * Largest command record read: a real one is about 150 bytes; anything far larger is not a command, and is not
   * worth a schema check on the stream thread.
   */
  static final int MAX_COMMAND_BYTES = 16 * 1024;

  private CommandParser() {}

  /** A command, or why the record is not one. */
  record Parsed(UploadCommand command, String problem) {
    boolean isValid() {
      return command != null;
    }
  }

  static Parsed parse(String key, byte[] value) {
    if (value == null || value.length == 0) {
      return refused("empty command record");
    }
    if (value.length > MAX_COMMAND_BYTES) {
      return refused("command record is " + value.length + " bytes, more than " + MAX_COMMAND_BYTES);
    }
    String json = new String(value, StandardCharsets.UTF_8);
    JsonNode tree;
    try {
      tree = ProtocolJson.mapper().readTree(json);
    } catch (JacksonException e) {
      return refused("command is not valid JSON: " + e.getOriginalMessage());
    }
    List<String> violations = ContractSchema.UPLOAD_COMMAND.violations(json);
    if (!violations.isEmpty()) {
      return refused("command breaks the UploadCommand schema: " + String.join("; ", violations));
    }
    UploadCommand command;
    try {
      command = ProtocolJson.mapper().treeToValue(tree, UploadCommand.class);
    } catch (JacksonException e) {
      // The schema does not assert every format (a date-time that does not parse, say).
      return refused("command cannot be read: " + e.getOriginalMessage());
    }
    if (!command.uploadId().equals(key)) {
      // Keyed otherwise, it lands on a partition whose task does not read that upload.
      return refused("record key differs from the command's uploadId '" + command.uploadId()
          + "': commands must be keyed by their upload id");
    }
    return new Parsed(command, null);
  }

  private static Parsed refused(String problem) {
    return new Parsed(null, problem);
  }
}
