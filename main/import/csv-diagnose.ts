import { createReadStream } from 'node:fs';
import { Utf8Scanner, describeUtf8Problem } from '../text/utf8.js';
import { ImportError } from './import-error.js';

/**
 * Finds the first structural problem in an RFC 4180 CSV file: invalid UTF-8, a record with the wrong
 * number of fields, an unterminated quote. DuckDB's reader is the fast path; this only runs after it
 * failed, to turn its message into one that names the line and column. `chunkSize` is the read size
 * (tests make it tiny so that characters and `""` pairs straddle chunk boundaries).
 */
export async function diagnoseCsv(path: string, displayName = path, chunkSize = 65536): Promise<ImportError | null> {
  return diagnoseCsvChunks(createReadStream(path, { highWaterMark: chunkSize }), displayName);
}

/** The diagnosis of diagnoseCsv over the bytes of a file given in chunks, cut anywhere. */
export async function diagnoseCsvChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, displayName: string): Promise<ImportError | null> {
  const utf8 = new Utf8Scanner();
  // Bytes are validated before they are decoded, so one streaming decoder is only ever given valid UTF-8.
  const decoder = new TextDecoder('utf-8');
  const csv = new CsvChecker(displayName);
  for await (const chunk of chunks) {
    const bad = utf8.push(chunk);
    if (bad) {
      // Check the text before the bad byte first: an earlier structural problem comes first in the file,
      // and the parser's state names the CSV column the bad byte sits in.
      const before = chunk.subarray(0, Math.max(0, bad.offset - csv.bytesSeen));
      const earlier = csv.push(decoder.decode(before, { stream: true }), before.length);
      return earlier ?? new ImportError(describeUtf8Problem(bad), { file: displayName, line: bad.line, column: csv.currentColumn() });
    }
    const found = csv.push(decoder.decode(chunk, { stream: true }), chunk.length);
    if (found) return found;
  }
  const truncated = utf8.end();
  // Everything before the unfinished character has been checked; the decoder is not flushed, as it
  // would turn those bytes into U+FFFD.
  if (truncated) return new ImportError(describeUtf8Problem(truncated), { file: displayName, line: truncated.line, column: csv.currentColumn() });
  return csv.end();
}

/**
 * An RFC 4180 state machine fed text in pieces. A quote inside a quoted field closes it for now
 * (`afterQuote`); a second quote right after reopens it as an escaped `"`. So no look-ahead is needed and
 * a `""` pair may be split across two pieces.
 */
class CsvChecker {
  /** Bytes of the input consumed so far (for locating a UTF-8 problem within the current chunk). */
  bytesSeen = 0;
  private line = 1;
  private recordStartLine = 1;
  private inQuotes = false;
  private afterQuote = false;
  private field = 0;
  /** Characters of the current cell (its text is kept only while reading the header). */
  private cellLength = 0;
  private cell = '';
  private header: string[] | null = null;
  private headerCells: string[] = [];

  constructor(private readonly file: string) {}

  currentColumn(): string {
    return this.header && this.header[this.field] !== undefined ? this.header[this.field] : `#${this.field + 1}`;
  }

  push(text: string, bytes: number): ImportError | null {
    this.bytesSeen += bytes;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch === '"') { this.inQuotes = false; this.afterQuote = true; continue; }
        if (ch === '\n') this.line++;
        this.add(ch);
        continue;
      }
      if (ch === '"') {
        // The second quote of a `""` inside a quoted field: a literal quote, and the field goes on.
        if (this.afterQuote) { this.inQuotes = true; this.afterQuote = false; this.add('"'); continue; }
        if (this.cellLength === 0) { this.inQuotes = true; continue; }
        return this.error('stray quote inside an unquoted field');
      }
      if (ch === ',') { this.endCell(); this.field++; continue; }
      if (ch === '\r') continue;
      if (ch === '\n') {
        const err = this.endRecord();
        if (err) return err;
        this.line++;
        this.recordStartLine = this.line;
        continue;
      }
      if (this.afterQuote) return this.error('text after a closing quote');
      this.add(ch);
    }
    return null;
  }

  end(): ImportError | null {
    if (this.inQuotes) {
      return new ImportError('a quoted field is never closed', { file: this.file, line: this.recordStartLine, column: this.currentColumn() });
    }
    if (this.header && (this.field > 0 || this.cellLength > 0) && this.field + 1 !== this.header.length) return this.fieldCountError();
    return null;
  }

  private add(ch: string): void {
    this.cellLength++;
    if (!this.header) this.cell += ch;
  }

  private endCell(): void {
    if (!this.header) this.headerCells.push(this.cell);
    this.cell = '';
    this.cellLength = 0;
    this.afterQuote = false;
  }

  private endRecord(): ImportError | null {
    if (!this.header) {
      this.endCell();
      this.header = this.headerCells;
    } else if (this.field + 1 !== this.header.length && !(this.field === 0 && this.cellLength === 0)) {
      return this.fieldCountError();
    }
    this.field = 0;
    this.cell = '';
    this.cellLength = 0;
    this.afterQuote = false;
    return null;
  }

  private fieldCountError(): ImportError {
    const header = this.header!;
    return new ImportError(`expected ${header.length} fields (${header.join(',')}) but found ${this.field + 1}`, { file: this.file, line: this.recordStartLine });
  }

  private error(message: string): ImportError {
    return new ImportError(message, { file: this.file, line: this.line, column: this.currentColumn() });
  }
}
