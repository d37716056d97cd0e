package io.github.mailvet.samples.crm;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CSV of leads one record at a time, in batches, and never gives up on a file because of
 * one bad record: a record that is not UTF-8, whose quoting is broken, or whose email cell is
 * empty or holds two addresses becomes a {@link Lead} with a problem, and reading goes on.
 *
 * <p>Records are read line by line; a quoted cell may span lines (up to {@value #MAX_RECORD_OCTETS} octets
 * per record), after which the record counts as broken and reading resumes at the next line.
 * Memory is one batch, whatever the file's size.
 */
public final class LeadReader implements Iterator<List<Lead>>, Closeable {

  /**
   * The most a record may hold, in octets: a quoted cell may span any number of lines within it
   * (RFC 4180); a longer line or record is rejected with reason {@code oversize_record} and
   * skipped, so memory stays flat whatever the file holds.
   */
  static final int MAX_RECORD_OCTETS = 1 << 20;
  private static final Pattern SEPARATED = Pattern.compile("[,;\\s]+");

  private final CSVFormat format;
  private final char delimiter;
  /** Strict: bytes that are not UTF-8 make the row {@code invalid_encoding}. */
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  private final InputStream in;
  private final int batchSize;
  private final List<String> header;
  private final int column;
  private long row = 1;
  private boolean headerless;
  private String columnReason = "named with --column";
  private long skipped;
  private final java.util.ArrayDeque<byte[]> pushback = new java.util.ArrayDeque<>();
  private boolean eof;
  private @Nullable List<Lead> next;

  /**
   * Reads the header and picks the email column: {@code column} by name when given, else a
   * column named like "email", else the column whose first values hold the most {@code @}.
   *
   * @throws IllegalArgumentException when there is no header or no email column
   */
  public LeadReader(InputStream in, @Nullable String column, int batchSize) throws IOException {
    this.in = in instanceof java.io.BufferedInputStream ? in
        : new java.io.BufferedInputStream(in, 1 << 16);
    this.batchSize = batchSize;
    byte[] first = readLine();
    if (first == null) {
      throw new IllegalArgumentException("the file is empty: no header row");
    }
    if (first == OVERSIZE) {
      throw new IllegalArgumentException("the first line is longer than " + MAX_RECORD_OCTETS
          + " octets: not a CSV file");
    }
    String h = new String(first, StandardCharsets.UTF_8);
    if (h.startsWith("\uFEFF")) {
      h = h.substring(1); // a byte-order mark from spreadsheet exports
    }
    this.delimiter = delimiterOf(h);
    this.format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true).get();
    List<String> first0;
    try {
      first0 = parse(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the first line is not a CSV header row", e);
    }
    if (column == null && looksLikeData(first0)) {
      // no header row: the first line is a record (and is verified like the others)
      List<String> names = new ArrayList<>();
      for (int i = 0; i < first0.size(); i++) {
        names.add("column" + (i + 1));
      }
      this.header = List.copyOf(names);
      this.headerless = true;
      row = 0;
    } else {
      this.header = first0;
    }
    this.column = column != null ? named(column) : detect();
    if (headerless) {
      pushback.addFirst(first); // after the look-ahead of detect(), which it precedes
    }
  }

  /** A header row names columns; a cell holding an address says this line is a record. */
  private static boolean looksLikeData(List<String> cells) {
    for (String c : cells) {
      int at = c.indexOf('@');
      if (at > 0 && at < c.length() - 1 && c.indexOf('.', at) > at && !c.contains(" ")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the file had no header row (columns are then named column1, column2, ...). */
  public boolean headerless() {
    return headerless;
  }

  /** Why the email column was chosen, for the summary. */
  public String columnReason() {
    return columnReason;
  }

  /**
   * The delimiter of the header row: the one of comma, semicolon and tab that occurs most often
   * outside quotes (spreadsheet exports in Germany and France use {@code ;}), comma on a tie.
   */
  static char delimiterOf(String headerLine) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        comma += c == ',' ? 1 : 0;
        semicolon += c == ';' ? 1 : 0;
        tab += c == '\t' ? 1 : 0;
      }
    }
    if (semicolon > comma && semicolon >= tab) {
      return ';';
    }
    return tab > comma ? '\t' : ',';
  }

  /** The delimiter found in the header row. */
  public char delimiter() {
    return delimiter;
  }

  /** The header cells. */
  public List<String> header() {
    return header;
  }

  /** The index of the email column. */
  public int emailColumn() {
    return column;
  }

  private int named(String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equalsIgnoreCase(name.strip())) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column named '" + name + "'; the columns are "
        + header);
  }

  /** Header names that mean "email address", as spreadsheets in several languages write them. */
  private static final java.util.Set<String> EMAIL_NAMES = java.util.Set.of("email",
      "emailaddress", "mail", "emailadresse", "mailadresse", "courriel", "adressecourriel",
      "adresseemail", "adressemail", "correo", "correoelectronico", "correoelectrnico",
      "epost", "epostadresse", "sahkoposti", "posta", "postaelettronica", "emailadres");

  private int detect() throws IOException {
    for (int i = 0; i < header.size(); i++) {
      String n = java.text.Normalizer.normalize(header.get(i), java.text.Normalizer.Form.NFD)
          .toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
      if (EMAIL_NAMES.contains(n)) {
        columnReason = "by its name";
        return i;
      }
    }
    // No telling name ("mailing_address" is not one): the column whose values hold addresses.
    // no telling name: look at the first records for the column with the most '@'
    List<byte[]> ahead = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      byte[] line = readLine();
      if (line == null) {
        break;
      }
      ahead.add(line);
    }
    for (int i = ahead.size() - 1; i >= 0; i--) {
      pushback.addFirst(ahead.get(i)); // read again as records, blank lines and all
    }
    int[] at = new int[header.size()];
    for (int i = 0; i < ahead.size(); ) {
      List<byte[]> lines = new ArrayList<>();
      boolean open = quotesOpen(ahead.get(i));
      int octets = ahead.get(i).length;
      lines.add(ahead.get(i++));
      while (open && octets < MAX_RECORD_OCTETS && i < ahead.size()
          && !looksLikeRecord(ahead.get(i), -1)) {
        open ^= quotesOpen(ahead.get(i));
        octets += ahead.get(i).length + 1;
        lines.add(ahead.get(i++));
      }
      try {
        List<String> cells = parse(new String(join(lines), StandardCharsets.UTF_8));
        for (int c = 0; c < Math.min(cells.size(), at.length); c++) {
          if (cells.get(c).contains("@")) {
            at[c]++;
          }
        }
      } catch (IllegalArgumentException ignored) {
        // a broken line says nothing
      }
    }
    int best = -1;
    for (int i = 0; i < at.length; i++) {
      if (at[i] > 0 && (best < 0 || at[i] > at[best])) {
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("no email column found among " + header
          + "; name it with --column");
    }
    columnReason = "by its values: " + at[best] + " of the first " + ahead.size()
        + " rows hold an @";
    return best;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = fill();
    }
    return !next.isEmpty();
  }

  @Override
  public List<Lead> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    List<Lead> out = next;
    next = null;
    return out;
  }

  private List<Lead> fill() {
    List<Lead> out = new ArrayList<>(batchSize);
    try {
      while (out.size() < batchSize) {
        Lead l = record();
        if (l == null) {
          break;
        }
        out.add(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The physical lines of the next record (blank lines skipped): joined while a quoted cell is
   * open, up to {@value #MAX_RECORD_OCTETS} octets. When the quote never closes, only the first line is
   * returned (a broken record) and the lines read ahead are given back.
   */
  private @Nullable List<byte[]> recordLines() throws IOException {
    byte[] line = nextLine();
    while (line != null && line != OVERSIZE && line.length == 0) {
      skipped++;
      line = nextLine();
    }
    if (line == null) {
      return null;
    }
    List<byte[]> lines = new ArrayList<>();
    lines.add(line);
    if (line == OVERSIZE) {
      return lines;
    }
    // RFC 4180: a quoted cell may hold line breaks; the record ends where the quotes balance
    boolean open = quotesOpen(line);
    long octets = line.length;
    while (open && octets < MAX_RECORD_OCTETS) {
      byte[] more = nextLine();
      if (more == null || more == OVERSIZE || looksLikeRecord(more, column)) {
        // a line that is a whole record of its own ends the search: the quote that opened on
        // the first line was a stray one, not a cell spanning lines
        if (more != null) {
          pushback.addFirst(more);
        }
        break;
      }
      open ^= quotesOpen(more);
      octets += more.length + 1;
      lines.add(more);
    }
    if (lines.size() > 1 && open) {
      for (int i = lines.size() - 1; i >= 1; i--) {
        pushback.addFirst(lines.get(i));
      }
      return List.of(line);
    }
    return lines;
  }

  private static byte[] join(List<byte[]> lines) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        b.write('\n');
      }
      b.writeBytes(lines.get(i));
    }
    return b.toByteArray();
  }

  private @Nullable Lead record() throws IOException {
    long blankBefore = skipped;
    List<byte[]> lines = recordLines();
    if (lines == null) {
      return null;
    }
    row += skipped - blankBefore;
    long at = ++row;
    row += lines.size() - 1;
    if (lines.get(0) == OVERSIZE) {
      return new Lead(at, List.of(), "", "oversize_record", "(a line of more than "
          + MAX_RECORD_OCTETS + " octets; skipped)");
    }
    if (quotesOpen(join(lines))) {
      return new Lead(at, List.of(), "", "broken_csv_row",
          new String(lines.get(0), StandardCharsets.UTF_8));
    }
    byte[] bytes = join(lines);
    String text;
    try {
      text = utf8.reset().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new Lead(at, List.of(), "", "invalid_encoding",
          new String(bytes, StandardCharsets.ISO_8859_1));
    }
    List<String> cells;
    try {
      cells = parse(text);
    } catch (IllegalArgumentException e) {
      return new Lead(at, List.of(), "", "broken_csv_row", text);
    }
    String email = column < cells.size() ? cells.get(column) : "";
    String problem = null;
    if (email.isBlank()) {
      problem = "empty_email";
    } else if (email.indexOf('@') != email.lastIndexOf('@')
        && SEPARATED.split(email.strip()).length > 1) {
      problem = "multiple_addresses";
    }
    return new Lead(at, cells, email, problem, text);
  }

  /**
   * Whether a physical line is a whole record by itself: as many cells as the header, and an
   * address in the email column (any column while it is not known yet).
   */
  private boolean looksLikeRecord(byte[] line, int emailColumn) {
    List<String> cells;
    try {
      cells = parse(new String(line, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (cells.size() != header.size()) {
      return false;
    }
    if (emailColumn >= 0) {
      return cells.get(emailColumn).contains("@");
    }
    return cells.stream().anyMatch(c -> c.contains("@"));
  }

  private static boolean quotesOpen(byte[] b) {
    int quotes = 0;
    for (byte x : b) {
      if (x == '"') {
        quotes++;
      }
    }
    return quotes % 2 != 0;
  }

  private List<String> parse(String text) {
    return cells(text, delimiter, format);
  }

  /**
   * One record's cells. A line without a quote (or a line break) is split at the delimiter and
   * each cell trimmed, which is what Commons CSV makes of it ({@code LeadReaderFuzzTest} holds
   * the two equal), without building a parser and its 16 KB buffer for every record (a third of
   * a large {@code clean}'s time went there, most of it in the garbage collector); any other
   * text goes to Commons CSV.
   *
   * @throws IllegalArgumentException when the text is not exactly one CSV record
   */
  static List<String> cells(String text, char delimiter, CSVFormat format) {
    if (!text.isEmpty() && text.indexOf('"') < 0 && text.indexOf('\r') < 0
        && text.indexOf('\n') < 0) {
      List<String> cells = new ArrayList<>();
      int from = 0;
      for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, from)) {
        cells.add(text.substring(from, at).trim());
        from = at + 1;
      }
      cells.add(text.substring(from).trim());
      return cells;
    }
    try {
      List<CSVRecord> records = format.parse(new StringReader(text)).getRecords();
      if (records.size() != 1) {
        throw new IllegalArgumentException("not one record");
      }
      return records.get(0).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("not CSV: " + e.getMessage(), e);
    }
  }

  /** Stands for a line over {@link #MAX_RECORD_OCTETS}, whose bytes were not kept. */
  private static final byte[] OVERSIZE = new byte[0];

  private byte @Nullable [] nextLine() throws IOException {
    byte[] b = pushback.pollFirst();
    return b != null ? b : readLine();
  }

  /** One line without its terminator (LF or CRLF), or null at the end. */
  private byte @Nullable [] readLine() throws IOException {
    if (eof) {
      return null;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) != -1) {
      if (b.size() >= MAX_RECORD_OCTETS && c != '\n') {
        // too long to be a record: skip to the end of the line without keeping it
        while (c != -1 && c != '\n') {
          c = in.read();
        }
        eof = c == -1;
        return OVERSIZE;
      }
      if (c == '\n') {
        byte[] out = b.toByteArray();
        int n = out.length;
        return n > 0 && out[n - 1] == '\r' ? java.util.Arrays.copyOf(out, n - 1) : out;
      }
      b.write(c);
    }
    eof = true;
    if (b.size() == 0) {
      return null;
    }
    byte[] out = b.toByteArray();
    int n = out.length;
    return n > 0 && out[n - 1] == '\r' ? java.util.Arrays.copyOf(out, n - 1) : out;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
