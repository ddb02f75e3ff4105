package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The contract's row rules (README, "The contract"), one file per case, each read from a real file through the whole
 * topology.
 */
class CsvCornerCasesTest {

  private static final String HEADER = "fecha,producto,cantidad,total\n";
  private static final CsvFormat SEMICOLON_COMMA = new CsvFormat(";", true, "UTF-8", "yyyy-MM-dd", ",");
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final CsvFormat LATIN1 = new CsvFormat(",", true, "ISO-8859-1", "yyyy-MM-dd", ".");

  @TempDir Path dir;
  private TopologyHarness harness;

  @BeforeEach
  void start() {
    harness = new TopologyHarness(dir.resolve("state"), dir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A case: the file, how to read it, and what must come out. */
  record Case(String name, byte[] file, CsvFormat format, ColumnMapping mapping, Expect expect, String uri) {
    Case(String name, byte[] file, CsvFormat format, ColumnMapping mapping, Expect expect) {
      this(name, file, format, mapping, expect, null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Either counts (and the first row error, if any) of a completed upload, or the failure details. */
  record Expect(long processed, long valid, RowError firstError, String failure) {
    static Expect completed(long processed, long valid) {
      return new Expect(processed, valid, null, null);
    }

    static Expect completed(long processed, long valid, long line, String column, String message) {
      return new Expect(processed, valid, new RowError(line, column, message), null);
    }

    static Expect failed(String details) {
      return new Expect(0, 0, null, details);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        utf8("plain rows", HEADER + "2026-11-05,Café,2,12.10\n2026-11-06,Té,1,3\n", Expect.completed(2, 2)),
        utf8("quoted delimiter", HEADER + "2026-11-05,\"Café, tostado\",2,12.10\n", Expect.completed(1, 1)),
        utf8(
            "quoted line break keeps later line numbers true",
            HEADER + "2026-11-05,\"Café\nmolido\",2,12.10\n2026-11-05,Té,x,1\n",
            Expect.completed(2, 1, 4, "cantidad", "not a number: 'x'")),
        utf8("escaped quotes", HEADER + "2026-11-05,\"Café \"\"premium\"\"\",2,12.10\n", Expect.completed(1, 1)),
        utf8("CRLF line ends", "fecha,producto,cantidad,total\r\n2026-11-05,Café,2,12.10\r\n", Expect.completed(1, 1)),
        utf8("no newline at the end", HEADER + "2026-11-05,Café,2,12.10", Expect.completed(1, 1)),
        new Case(
            "UTF-8 byte order mark",
            concat(UTF8_BOM, (HEADER + "2026-11-05,Café,2,1\n").getBytes(StandardCharsets.UTF_8)),
            CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS, Expect.completed(1, 1)),
        new Case(
            "ISO-8859-1 accents",
            (HEADER + "2026-11-05,Ñandú,2,1\n2026-11-05,Café,1,1\n").getBytes(StandardCharsets.ISO_8859_1),
            LATIN1, Jobs.SPANISH_COLUMNS, Expect.completed(2, 2)),
        new Case(
            "semicolon with comma decimals",
            "fecha;producto;cantidad;total\n2026-11-05;Café;2;12,10\n2026-11-05;Té;1;3.5\n"
                .getBytes(StandardCharsets.UTF_8),
            SEMICOLON_COMMA, Jobs.SPANISH_COLUMNS,
            Expect.completed(2, 1, 3, "total", "not a number: '3.5'")),
        new Case(
            "dd/MM/yyyy dates",
            (HEADER + "05/11/2026,Café,2,1\n2026-11-05,Té,1,1\n").getBytes(StandardCharsets.UTF_8),
            new CsvFormat(",", true, "UTF-8", "dd/MM/yyyy", "."), Jobs.SPANISH_COLUMNS,
            Expect.completed(2, 1, 3, "fecha", "not a date in dd/MM/yyyy: '2026-11-05'")),
        utf8("short row", HEADER + "2026-11-05,Café,2\n",
            Expect.completed(1, 0, 2, null, "row has 1 field(s) fewer than the header")),
        utf8("extra columns ignored", "extra,fecha,producto,cantidad,total,more\nx,2026-11-05,Café,2,1,y\n",
            Expect.completed(1, 1)),
        utf8("blank lines skipped and not counted", HEADER + "\n2026-11-05,Café,2,1\n\n\n2026-11-05,Té,x,1\n",
            Expect.completed(2, 1, 6, "cantidad", "not a number: 'x'")),
        utf8("blank product", HEADER + "2026-11-05,  ,2,1\n",
            Expect.completed(1, 0, 2, "producto", "product is blank")),
        utf8("quantity abc", HEADER + "2026-11-05,Café,abc,1\n",
            Expect.completed(1, 0, 2, "cantidad", "not a number: 'abc'")),
        utf8("impossible date", HEADER + "2026-13-45,Café,2,1\n",
            Expect.completed(1, 0, 2, "fecha", "not a date in yyyy-MM-dd: '2026-13-45'")),
        utf8("negative quantities are returns", HEADER + "2026-11-05,Café,-2,-12.10\n", Expect.completed(1, 1)),
        utf8("blanks around numbers trimmed", HEADER + "2026-11-05,Café, 2 , 12.10 \n", Expect.completed(1, 1)),
        utf8("header only", HEADER, Expect.completed(0, 0)),
        utf8("empty file", "", Expect.completed(0, 0)),
        utf8("missing mapped column named", "fecha,producto,cantidad\n2026-11-05,Café,2\n",
            Expect.failed("Invalid column mapping for 'total'")),
        utf8("unclosed quote fails", HEADER + "2026-11-05,\"Café,2,1\n", Expect.failed("Broken CSV after line 1")),
        new Case(
            "bytes not decodable as UTF-8",
            // "Café" with the é in ISO-8859-1: a lone 0xE9 byte is not UTF-8.
            concat(
                (HEADER + "2026-11-05,Caf").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE9},
                ",1,1\n".getBytes(StandardCharsets.UTF_8)),
            CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS, Expect.failed("The file is not valid UTF-8 text on line 2")),
        new Case(
            "unit price times quantity",
            "fecha,producto,cantidad,precio\n2026-11-05,Café,3,2.5\n".getBytes(StandardCharsets.UTF_8),
            CsvFormat.DEFAULT, new ColumnMapping("fecha", "producto", "cantidad", null, "precio", null, null),
            Expect.completed(1, 1)),
        utf8("a 1 MB product is one invalid row", HEADER + "2026-11-05," + "x".repeat(1 << 20) + ",1,1\n",
            Expect.completed(1, 0, 2, "producto", "value longer than 4096 characters")),
        utf8("a 1 MB unmapped field is ignored", "fecha,producto,cantidad,total,notes\n2026-11-05,Café,1,1,"
            + "x".repeat(1 << 20) + "\n", Expect.completed(1, 1)),
        new Case(
            "no header row: the mapping names column numbers",
            "2026-11-05,Café,2,1\n2026-11-05,Té,x,1\n".getBytes(StandardCharsets.UTF_8),
            new CsvFormat(",", false, "UTF-8", "yyyy-MM-dd", "."),
            new ColumnMapping("1", "2", "3", "4", null, null, null),
            Expect.completed(2, 1, 2, "3", "not a number: 'x'")),
        new Case(
            "unknown encoding", HEADER.getBytes(StandardCharsets.UTF_8),
            new CsvFormat(",", true, "KLINGON-8", "yyyy-MM-dd", "."), Jobs.SPANISH_COLUMNS,
            Expect.failed(
                "Invalid upload job: job has an invalid format: encoding 'KLINGON-8' is not a known character set")),
        new Case(
            "missing file", new byte[0], CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS,
            Expect.failed("File not found"), "missing.csv"),
        new Case(
            "file outside the upload storage", new byte[0], CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS,
            Expect.failed("File is outside the upload storage of tenant acme"), "file:///etc/hostname"),
        new Case(
            "unreachable URL", new byte[0], CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS,
            Expect.failed("Remote (http/https) sources are disabled"), "http://127.0.0.1:9/sales.csv"),
        utf8("a record over max-record-chars fails naming the limit and line",
            HEADER + "2026-11-05,Café,1,1\n2026-11-05,Café,1," + "9".repeat((2 << 20) + 1) + "\n",
            Expect.failed("Line 3 starts a record longer than the limit of 2097152 characters")),
        utf8("one line of 3 million fields stops before it is built",
            HEADER + ",".repeat(3_000_000) + "\n",
            Expect.failed("Line 2 starts a record longer than the limit of 2097152 characters")),
        utf8("an unclosed quote cannot swallow the file",
            HEADER + "2026-11-05,\"Café,1,1\n" + "2026-11-05,Té,1,1\n".repeat(150_000),
            Expect.failed("Line 2 starts a record longer than the limit")),
        utf8("a row over max-columns fails naming the limit and line",
            HEADER + "2026-11-05,Café,1,1" + ",x".repeat(1_000) + "\n",
            Expect.failed("Line 2 has 1004 columns, more than the limit of 1000 (processor.max-columns)")),
        utf8("a header over max-columns fails on line 1",
            "fecha,producto,cantidad,total" + ",c".repeat(997) + "\n",
            Expect.failed("Line 1 has 1001 columns")),
        new Case(
            "a file over max-file-size fails before it is read",
            new byte[(10 << 20) + 1], CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS,
            Expect.failed("The file is 10485761 bytes, more than the limit of 10485760 bytes")),
        new Case(
            "another tenant's stored file is refused",
            new byte[0], CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS,
            Expect.failed("File is outside the upload storage of tenant acme"), "../globex/their.csv"),
        utf8("NUL bytes are content, not separators", HEADER + "2026-11-05,Ca\u0000fé,1,1\n",
            Expect.completed(1, 1)),
        utf8("thousands separators are not numbers", HEADER + "2026-11-05,Café,\"1,000\",1\n",
            Expect.completed(1, 0, 2, "cantidad", "not a number: '1,000'")),
        utf8("quoted empty product is blank", HEADER + "2026-11-05,\"\",1,1\n",
            Expect.completed(1, 0, 2, "producto", "product is blank")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsEachCaseAsTheRowRulesSay(Case c) throws IOException {
    // Files live in their tenant's folder of the storage, as the gateway stores them.
    Path file = dir.resolve("acme").resolve("upload.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, c.file());
    String uri = c.uri() == null ? file.toUri().toString() : c.uri();
    if (!uri.contains(":")) {
      uri = dir.resolve("acme").resolve(uri).toUri().toString(); // a name in the storage that was never written
    }
    UploadJob job =
        new UploadJob("case", "acme", "u", Instant.now(), UploadSource.ofUri(uri), c.format(), c.mapping());

    ProgressSnapshot last = harness.run(job);

    if (c.expect().failure() != null) {
      assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
      assertThat(last.error().details()).startsWith(c.expect().failure());
    } else {
      assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(UploadStatus.COMPLETED);
      assertThat(last.results().processedRows()).isEqualTo(c.expect().processed());
      assertThat(last.results().validRows()).isEqualTo(c.expect().valid());
      if (c.expect().firstError() == null) {
        assertThat(last.results().rowErrors()).isEmpty();
      } else {
        assertThat(last.results().rowErrors()).first().isEqualTo(c.expect().firstError());
      }
    }
  }

  @Test
  void symbolicLinkOutOfTheTenantFolderIsRefused() throws IOException {
    Path elsewhere = Files.writeString(dir.resolve("globex-secret.csv"), HEADER + "2026-11-05,Secret,1,1\n");
    Files.createDirectories(dir.resolve("acme"));
    Path link = Files.createSymbolicLink(dir.resolve("acme").resolve("link.csv"), elsewhere);

    ProgressSnapshot last = harness.run(Jobs.file("link", link.toUri().toString()));

    assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
    assertThat(last.error().details()).startsWith("File is outside the upload storage of tenant acme");
  }

  private static Case utf8(String name, String csv, Expect expect) {
    return new Case(name, csv.getBytes(StandardCharsets.UTF_8), CsvFormat.DEFAULT, Jobs.SPANISH_COLUMNS, expect);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

}
