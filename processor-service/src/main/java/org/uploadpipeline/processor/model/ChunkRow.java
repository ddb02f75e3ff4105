package org.uploadpipeline.processor.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One data row projected onto the mapped columns.
 *
 * @param line file line number where the row starts
 * @param missingFields how many fields the row lacks against the header (0 for a complete row)
 * @param values the mapped columns' values in {@link RowRules#columns()} order; null where the row is too short
 */
// As a JSON array, not an object: a chunk holds thousands of rows, and field names per row would double its size.
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"line", "missingFields", "values"})
public record ChunkRow(long line, int missingFields, List<String> values) {}
