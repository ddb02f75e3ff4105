package org.uploadpipeline.processor.pipeline;

import java.util.List;

/**
 * One data row projected onto the mapped columns.
 *
 * @param line file line number where the row starts
 * @param missingFields how many fields the row lacks against the header (0 for a complete row)
 * @param values the mapped columns' values in {@link RowRules#columns()} order; null where the row is too short
 */
public record ChunkRow(long line, int missingFields, List<String> values) {}
