package org.uploadpipeline.processor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.processor.model.Chunk;
import org.uploadpipeline.processor.model.ChunkRow;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.RowRules;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.RowError;

class ChunkValidationTest {

  private static final RowRules RULES =
      new RowRules(List.of("fecha", "producto", "cantidad", "total"), "yyyy-MM-dd", ".", false, 100);

  @Test
  void chunkBecomesItsCountsRowErrorsAndPartialSumsPerKey() {
    Chunk chunk = new Chunk(3, 8, 100, 180, RULES, List.of(
        new ChunkRow(8, 0, List.of("2026-11-05", "Café", "2", "12.10")),
        new ChunkRow(9, 0, List.of("2026-11-05", "Café", "x", "1.00"))));

    UploadEvent outcome = ChunkValidation.process(new UploadEvent.ChunkRead("u", "acme", chunk));

    assertThat(outcome).isInstanceOfSatisfying(UploadEvent.ChunkProcessed.class, processed -> {
      assertThat(processed.chunkIndex()).isEqualTo(3);
      assertThat(processed.rows()).isEqualTo(2);
      assertThat(processed.validRows()).isEqualTo(1);
      assertThat(processed.rowErrors()).containsExactly(new RowError(9, "cantidad", "not a number: 'x'"));
      assertThat(processed.aggregates()).containsExactly(
          new PartialAggregate(AggregateKind.DAILY, "2026-11-05", 1, new BigDecimal("2"), new BigDecimal("12.10")),
          new PartialAggregate(AggregateKind.MONTHLY, "2026-11", 1, new BigDecimal("2"), new BigDecimal("12.10")),
          new PartialAggregate(AggregateKind.PRODUCT, "Café", 1, new BigDecimal("2"), new BigDecimal("12.10")));
    });
  }

  @Test
  void eventOtherThanAChunkAmongTheChunksFailsItsUpload() {
    UploadEvent outcome = ChunkValidation.process(new UploadEvent.ReadFinished("u", "acme", 2));

    assertThat(outcome).isEqualTo(
        new UploadEvent.Failed("u", "acme", "Unexpected ReadFinished event among the chunks to validate"));
  }
}
