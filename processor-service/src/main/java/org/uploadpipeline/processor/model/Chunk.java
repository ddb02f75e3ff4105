package org.uploadpipeline.processor.model;

import java.util.List;

/**
 * Consecutive data rows of one upload, as read from the file, with what validating them needs.
 *
 * @param index 0-based position of the chunk in the file; a re-read file yields the same indexes
 * @param firstLine the file line number where the first row starts (the header is line 1)
 * @param byteOffset bytes of the file read before this chunk (approximate: the reader buffers ahead)
 * @param bytesRead bytes of the file read once this chunk was cut, for progress
 * @param rules how to read this upload's values
 */
public record Chunk(
    int index, long firstLine, long byteOffset, long bytesRead, RowRules rules, List<ChunkRow> rows) {}
