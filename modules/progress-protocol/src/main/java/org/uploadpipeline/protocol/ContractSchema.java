package org.uploadpipeline.protocol;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schemas of the contract, one per Kafka record type and WebSocket message type, shipped as resources under
 * {@code /schemas}. Consumers in other languages can take the same files.
 */
public enum ContractSchema {
  UPLOAD_JOB("upload-job"),
  PROGRESS_SNAPSHOT("progress-snapshot"),
  AGGREGATE_ROW("aggregate-row"),
  UPLOAD_COMMAND("upload-command"),
  WS_AUTHENTICATED("ws-authenticated"),
  WS_STATUS("ws-status"),
  WS_PROGRESS("ws-progress"),
  WS_ERROR("ws-error"),
  WS_COMPLETE("ws-complete"),
  WS_PONG("ws-pong"),
  WS_UPLOADS("ws-uploads");

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final String fileName;
  private volatile Schema schema;

  ContractSchema(String baseName) {
    this.fileName = baseName + ".schema.json";
  }

  /** The schema of a WebSocket message by its {@code type}, e.g. {@code complete} → {@link #WS_COMPLETE}. */
  public static ContractSchema ofWebSocketMessage(String type) {
    return valueOf("WS_" + type.toUpperCase(java.util.Locale.ROOT));
  }

  /** The classpath resource of this schema. */
  public String resourcePath() {
    return "/schemas/" + fileName;
  }

  /** The violations of this schema by a JSON document; empty when the document conforms. */
  public List<String> violations(String json) {
    return schema().validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private Schema schema() {
    Schema loaded = schema;
    if (loaded == null) {
      try (InputStream in = ContractSchema.class.getResourceAsStream(resourcePath())) {
        if (in == null) {
          throw new IllegalStateException("schema resource missing: " + resourcePath());
        }
        loaded = REGISTRY.getSchema(in, InputFormat.JSON);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schema = loaded;
    }
    return loaded;
  }
}
