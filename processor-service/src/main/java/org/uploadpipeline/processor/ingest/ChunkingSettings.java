package org.uploadpipeline.processor.ingest;

import java.time.Duration;

/**
 * How the chunker reads files, and the limits that keep its memory bounded whatever a file holds.
 *
 * @param chunkRows data rows per chunk at most
 * @param maxChunkChars characters of mapped values per chunk at most; with {@code maxFieldChars} it keeps chunk
 *     records well under Kafka's default 1 MB record limit whatever the rows hold
 * @param maxFieldChars longest value a mapped column may hold; a longer one makes its row invalid (and only its first
 *     characters travel on)
 * @param maxRecordChars characters one CSV record may hold (all its fields, quoted line breaks included); a longer one
 *     fails the upload before it is built in memory
 * @param maxColumns fields one CSV record may have; more fails the upload
 * @param maxFileBytes bytes a file may have; more fails the upload
 * @param maxJobBytes bytes a job record may have; a larger one is dead-lettered
 * @param readInterval how often a reading round starts
 * @param readBudget how long one reading round may take, over all uploads being read
 * @param maxChunksPerRound chunks one upload may emit in one round, so concurrent uploads take turns
 */
public record ChunkingSettings(
    int chunkRows,
    long maxChunkChars,
    int maxFieldChars,
    long maxRecordChars,
    int maxColumns,
    long maxFileBytes,
    int maxJobBytes,
    Duration readInterval,
    Duration readBudget,
    int maxChunksPerRound) {}
