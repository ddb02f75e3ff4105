package org.uploadpipeline.processor.ingest;

import java.io.InputStream;

/**
 * The raw bytes of an upload's file.
 *
 * @param bytes the stream, positioned at the first byte
 * @param size the size in bytes when known, else null
 */
record OpenedSource(InputStream bytes, Long size) {}
