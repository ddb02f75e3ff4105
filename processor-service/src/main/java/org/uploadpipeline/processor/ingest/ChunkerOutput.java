package org.uploadpipeline.processor.ingest;

/**
 * A job record the chunker refused, as it was received; the reason travels in the record's headers.
 *
 * @param value the record's bytes, untouched, so the sender can see exactly what arrived
 */
public record DeadLetter(byte[] value) {}
