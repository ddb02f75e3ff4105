package org.uploadpipeline.processor.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.JobRules;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadJob;

/** Reads an upload job record and checks it against the contract's JSON Schema and the {@link JobRules}. */
final class JobParser {

  private JobParser() {}

  /** A job, or why the record is not one (with the upload and tenant ids when they could still be read). */
  record Parsed(UploadJob job, String problem, String uploadId, String tenantId) {
    boolean isValid() {
      return job != null;
    }
  }

  static Parsed parse(byte[] value) {
    if (value == null || value.length == 0) {
      return new Parsed(null, "empty job record", null, null);
    }
    String json = new String(value, StandardCharsets.UTF_8);
    JsonNode tree;
    try {
      tree = ProtocolJson.mapper().readTree(json);
    } catch (JacksonException e) {
      return new Parsed(null, "job is not valid JSON: " + e.getOriginalMessage(), null, null);
    }
    String uploadId = text(tree, "uploadId");
    String tenantId = text(tree, "tenantId");
    List<String> violations = ContractSchema.UPLOAD_JOB.violations(json);
    if (!violations.isEmpty()) {
      return new Parsed(null, "job breaks the UploadJob schema: " + String.join("; ", violations), uploadId, tenantId);
    }
    UploadJob job;
    try {
      job = ProtocolJson.mapper().treeToValue(tree, UploadJob.class);
    } catch (JacksonException e) {
      // The schema does not assert every format (a date-time that does not parse, say).
      return new Parsed(null, "job cannot be read: " + e.getOriginalMessage(), uploadId, tenantId);
    }
    List<String> problems = JobRules.problems(job.format(), job.mapping());
    if (!problems.isEmpty()) {
      return new Parsed(null, "job has an invalid format: " + String.join("; ", problems), uploadId, tenantId);
    }
    return new Parsed(job, null, uploadId, tenantId);
  }

  private static String text(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    return node != null && node.isString() ? node.asString() : null;
  }
}
