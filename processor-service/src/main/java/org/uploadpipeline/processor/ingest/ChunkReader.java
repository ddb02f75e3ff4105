package org.uploadpipeline.processor.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.uploadpipeline.processor.model.Chunk;
import org.uploadpipeline.processor.model.ChunkRow;
import org.uploadpipeline.processor.model.RowRules;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.JobRules;
import org.uploadpipeline.protocol.UploadJob;

/**
 * Streams one upload's CSV (RFC 4180 via Commons CSV) and cuts its data rows into chunks, never holding more than one
 * chunk in memory. The header is checked against the mapping on open, before any row is read.
 *
 * <p>Line numbers are those of the file (header = line 1), also for rows whose quoted fields span lines. Blank lines
 * are skipped and not counted as rows.
 */
public final class ChunkReader implements Closeable {

  private static final int UTF8_BOM_LENGTH = 3;

  private final SizeCappedInputStream counting;
  private final RecordSizeGuard guard;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final RowRules rules;
  private final int[] columnIndexes;
  private final int expectedFields;
  private final Long totalBytes;
  private final String charsetName;
  private final ChunkingSettings limits;
  private long recordsConsumed;
  private long lastEndLine;
  private boolean finished;

  private ChunkReader(
      SizeCappedInputStream counting,
      RecordSizeGuard guard,
      CSVParser parser,
      Charset charset,
      Long totalBytes,
      UploadJob job,
      ChunkingSettings limits)
      throws UnreadableUploadException {
    this.counting = counting;
    this.guard = guard;
    this.parser = parser;
    this.limits = limits;
    this.records = parser.iterator();
    this.totalBytes = totalBytes;
    this.charsetName = charset.name();
    CsvFormat format = job.effectiveFormat();
    ColumnMapping mapping = job.mapping();
    List<String> columns =
        List.of(
            mapping.date(),
            mapping.product(),
            mapping.quantity(),
            mapping.amount() != null ? mapping.amount() : mapping.unitPrice());
    this.rules =
        new RowRules(
            columns, format.dateFormat(), format.decimalSeparator(), mapping.amount() == null,
            limits.maxFieldChars());
    if (format.header()) {
      List<String> header = readHeader();
      this.expectedFields = header.size();
      this.columnIndexes = indexesByName(header, columns);
    } else {
      this.columnIndexes = indexesByPosition(columns);
      this.expectedFields = Arrays.stream(columnIndexes).max().orElse(0) + 1;
    }
  }

  /**
   * Opens the job's file and checks its format, size and header against the job and the limits.
   *
   * @throws UnreadableUploadException when the format breaks the job rules, the file cannot be opened or is over the
   *     size limit, or the header lacks a mapped column (the message names each missing column)
   */
  public static Optional<ChunkReader> open(UploadJob job, SourceOpener opener, ChunkingSettings limits)
      throws UnreadableUploadException {
    CsvFormat format = job.effectiveFormat();
    // Checked again here: the job may have been accepted before these rules, or produced around them.
    List<String> problems = JobRules.problems(format, job.mapping());
    if (!problems.isEmpty()) {
      throw new UnreadableUploadException("Invalid format: " + String.join("; ", problems));
    }
    Charset charset = Charset.forName(format.encoding());
    Optional<OpenedSource> opened = opener.open(job, charset);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    OpenedSource source = opened.get();
    if (source.size() != null && source.size() > limits.maxFileBytes()) {
      closeQuietly(source.bytes());
      throw new UnreadableUploadException(
          "The file is " + source.size() + " bytes, more than the limit of " + limits.maxFileBytes()
              + " bytes (processor.max-file-size)");
    }
    SizeCappedInputStream counting = new SizeCappedInputStream(source.bytes(), limits.maxFileBytes());
    try {
      InputStream in = new BufferedInputStream(counting);
      if (charset.equals(StandardCharsets.UTF_8)) {
        skipUtf8Bom(in);
      }
      RecordSizeGuard guard = new RecordSizeGuard(new StrictDecodingReader(in, charset), limits.maxRecordChars());
      CSVFormat csv =
          CSVFormat.RFC4180.builder()
              .setDelimiter(format.delimiter().charAt(0))
              .setIgnoreEmptyLines(false)
              .get();
      return Optional.of(
          new ChunkReader(counting, guard, CSVParser.parse(guard, csv), charset, source.size(), job, limits));
    } catch (IOException e) {
      closeQuietly(counting);
      throw new UnreadableUploadException("Cannot read the file: " + e.getMessage(), e);
    } catch (UnreadableUploadException | RuntimeException e) {
      closeQuietly(counting);
      throw e;
    }
  }

  public RowRules rules() {
    return rules;
  }

  /** The file's size in bytes, or null when the source does not say. */
  public Long totalBytes() {
    return totalBytes;
  }

  /** CSV records consumed so far, header and blank lines included; {@link #skipRecords} resumes after them. */
  public long recordsConsumed() {
    return recordsConsumed;
  }

  public boolean finished() {
    return finished;
  }

  /** Skips records already chunked before a restart, so the chunks that follow get the same lines and indexes. */
  public void skipRecords(long count) throws UnreadableUploadException {
    while (recordsConsumed < count && nextRecord() != null) {
      // Skipping: the rows were chunked before.
    }
  }

  /**
   * The next chunk of at most {@code maxRows} data rows (fewer once {@code maxChars} of values are taken), or null
   * when the file has no more rows.
   */
  public Chunk nextChunk(int index, int maxRows, long maxChars) throws UnreadableUploadException {
    long byteOffset = counting.count();
    List<ChunkRow> rows = new ArrayList<>();
    long firstLine = -1;
    long chars = 0;
    while (rows.size() < maxRows && chars < maxChars) {
      long startLine = lastEndLine + 1;
      CSVRecord record = nextRecord();
      if (record == null) {
        break;
      }
      if (isBlank(record)) {
        continue;
      }
      ChunkRow row = project(record, startLine);
      rows.add(row);
      chars += row.values().stream().mapToLong(v -> v == null ? 0 : v.length()).sum();
      if (firstLine < 0) {
        firstLine = startLine;
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    return new Chunk(index, firstLine, byteOffset, counting.count(), rules, rows);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // Closing a read-only stream: nothing was lost.
    }
  }

  private List<String> readHeader() throws UnreadableUploadException {
    CSVRecord record;
    do {
      record = nextRecord();
    } while (record != null && isBlank(record));
    if (record == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : record) {
      names.add(name.trim());
    }
    return names;
  }

  private int[] indexesByName(List<String> header, List<String> columns) throws UnreadableUploadException {
    if (header.isEmpty()) {
      // An empty file: nothing to map, and it completes with zero rows.
      finished = true;
      return new int[columns.size()];
    }
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      positions.putIfAbsent(header.get(i), i);
    }
    List<String> missing = columns.stream().filter(c -> !positions.containsKey(c.trim())).distinct().toList();
    if (!missing.isEmpty()) {
      throw new UnreadableUploadException(
          "Invalid column mapping for "
              + missing.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")));
    }
    return columns.stream().mapToInt(c -> positions.get(c.trim())).toArray();
  }

  /** Without a header, the mapping names 1-based column numbers. */
  private static int[] indexesByPosition(List<String> columns) throws UnreadableUploadException {
    int[] indexes = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      try {
        indexes[i] = Integer.parseInt(columns.get(i).trim()) - 1;
      } catch (NumberFormatException e) {
        indexes[i] = -1;
      }
      if (indexes[i] < 0) {
        throw new UnreadableUploadException(
            "Without a header row the mapping must name 1-based column numbers: '" + columns.get(i) + "'");
      }
    }
    return indexes;
  }

  private ChunkRow project(CSVRecord record, long line) {
    List<String> values = new ArrayList<>(columnIndexes.length);
    for (int index : columnIndexes) {
      String value = index < record.size() ? record.get(index) : null;
      // One character past the limit is enough for the validator to refuse the row; the rest need not travel.
      values.add(value != null && value.length() > rules.maxFieldChars()
          ? value.substring(0, rules.maxFieldChars() + 1)
          : value);
    }
    return new ChunkRow(line, Math.max(0, expectedFields - record.size()), values);
  }

  private CSVRecord nextRecord() throws UnreadableUploadException {
    if (finished) {
      return null;
    }
    try {
      if (!records.hasNext()) {
        finished = true;
        return null;
      }
      CSVRecord record = records.next();
      guard.startRecord();
      checkSize(record);
      recordsConsumed++;
      lastEndLine = parser.getCurrentLineNumber();
      return record;
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause());
    } catch (IllegalStateException e) {
      throw unreadable(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
  }

  /** The exact limits, on a record once built (the guard only keeps one that is far too long from being built). */
  private void checkSize(CSVRecord record) throws UnreadableUploadException {
    long line = lastEndLine + 1;
    if (record.size() > limits.maxColumns()) {
      throw new UnreadableUploadException(
          "Line " + line + " has " + record.size() + " columns, more than the limit of " + limits.maxColumns()
              + " (processor.max-columns)");
    }
    long chars = 0;
    for (String value : record) {
      chars += value.length();
    }
    if (chars > limits.maxRecordChars()) {
      throw recordTooLong(line);
    }
  }

  private UnreadableUploadException recordTooLong(long line) {
    return new UnreadableUploadException(
        "Line " + line + " starts a record longer than the limit of " + limits.maxRecordChars()
            + " characters (processor.max-record-chars)");
  }

  private UnreadableUploadException unreadable(IOException cause) {
    long line = lastEndLine + 1;
    if (cause instanceof RecordSizeGuard.RecordTooLongException) {
      return recordTooLong(line);
    }
    if (cause instanceof SizeCappedInputStream.FileTooLargeException) {
      return new UnreadableUploadException(
          "The file is larger than the limit of " + limits.maxFileBytes() + " bytes (processor.max-file-size)");
    }
    if (cause instanceof StrictDecodingReader.MalformedTextException malformed) {
      return new UnreadableUploadException(
          "The file is not valid " + charsetName + " text on line " + malformed.line(), cause);
    }
    return new UnreadableUploadException(
        "Broken CSV after line " + lastEndLine + ": " + cause.getMessage(), cause);
  }

  private static boolean isBlank(CSVRecord record) {
    return record.size() == 1 && record.get(0).isBlank();
  }

  private static void skipUtf8Bom(InputStream in) throws IOException {
    in.mark(UTF8_BOM_LENGTH);
    byte[] head = in.readNBytes(UTF8_BOM_LENGTH);
    boolean bom =
        head.length == UTF8_BOM_LENGTH && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
            && (head[2] & 0xFF) == 0xBF;
    if (!bom) {
      in.reset();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Already failing with a better reason.
    }
  }
}
