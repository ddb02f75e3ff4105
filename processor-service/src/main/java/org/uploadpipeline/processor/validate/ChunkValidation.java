package org.uploadpipeline.processor.validate;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.processor.model.Chunk;
import org.uploadpipeline.processor.model.ChunkRow;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.UploadResults;

/**
 * Validates the rows of one chunk and sums its valid rows per aggregate key. Stateless: any instance can process any
 * chunk, which is what lets one large upload spread over partitions.
 */
public final class ChunkValidation {

  private static final Logger log = LoggerFactory.getLogger(ChunkValidation.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

  private ChunkValidation() {}

  /**
   * The outcome of a chunk read from the chunks topic; or, when validating it throws (a pattern or value no check
   * foresaw), the upload's failure with the exception named, so one odd upload never stops the stream thread that
   * validates everyone's chunks. Only the chunker writes that topic, and only chunks: any other event there is a bug
   * or a forged record, and fails its upload the same way.
   */
  public static UploadEvent process(UploadEvent event) {
    if (!(event instanceof UploadEvent.ChunkRead read)) {
      return new UploadEvent.Failed(
          event.uploadId(),
          event.tenantId(),
          "Unexpected " + event.getClass().getSimpleName() + " event among the chunks to validate");
    }
    try {
      return validate(read);
    } catch (RuntimeException e) {
      log.error("Upload {}: chunk {} could not be validated", read.uploadId(), read.chunk().index(), e);
      return new UploadEvent.Failed(
          read.uploadId(),
          read.tenantId(),
          "Unexpected " + e.getClass().getName() + " while validating the rows from line "
              + read.chunk().firstLine() + ": " + e.getMessage());
    }
  }

  private static UploadEvent.ChunkProcessed validate(UploadEvent.ChunkRead read) {
    Chunk chunk = read.chunk();
    RowValidator validator = new RowValidator(chunk.rules());
    Map<String, PartialAggregate> sums = new LinkedHashMap<>();
    List<RowError> errors = new ArrayList<>();
    long valid = 0;
    for (ChunkRow row : chunk.rows()) {
      RowValidator.Outcome outcome = validator.validate(row);
      if (outcome.isValid()) {
        valid++;
        ValidRow v = outcome.row();
        add(sums, AggregateKind.DAILY, v.date().toString(), v);
        add(sums, AggregateKind.MONTHLY, v.date().format(MONTH), v);
        add(sums, AggregateKind.PRODUCT, v.product(), v);
      } else if (errors.size() < UploadResults.MAX_ROW_ERRORS) {
        errors.add(outcome.error());
      }
    }
    return new UploadEvent.ChunkProcessed(
        read.uploadId(),
        read.tenantId(),
        chunk.index(),
        chunk.firstLine(),
        chunk.byteOffset(),
        chunk.bytesRead(),
        chunk.rows().size(),
        valid,
        errors,
        List.copyOf(sums.values()));
  }

  private static void add(Map<String, PartialAggregate> sums, AggregateKind kind, String key, ValidRow row) {
    sums.merge(
        kind + "/" + key,
        new PartialAggregate(kind, key, 1, row.quantity(), row.amount()),
        (a, b) -> a.plus(b.transactions(), b.quantity(), b.revenue()));
  }
}
