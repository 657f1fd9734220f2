// Streaming RFC 4180 writer: header row, fields quoted only when they hold a comma, quote, CR or LF,
// quotes doubled, "\n" line ends, UTF-8. Rows are buffered and written in large synchronous chunks
// (deterministic, and fast enough for the half-gigabyte messages file at scale 100), hashed as they go.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export type Field = string | number | null | undefined;

export interface FileStats {
  rows: number;
  bytes: number;
  sha256: string;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: Field): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? formatNumber(value) : value;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} to CSV`);
  return String(n);
}

export function csvLine(fields: readonly Field[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + csvField(fields[i]);
  return line + '\n';
}

const BUFFER_BYTES = 4 << 20;

export class CsvWriter {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  // Lines are encoded straight into one reusable buffer: no per-chunk joins or copies to collect.
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private bytes = 0;
  private rows = 0;

  constructor(
    readonly path: string,
    readonly header: readonly string[],
  ) {
    this.fd = openSync(path, 'w');
    this.append(csvLine(header));
  }

  row(fields: readonly Field[]): void {
    this.append(csvLine(fields));
    this.rows++;
  }

  private append(line: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + line.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (line.length * 3 > BUFFER_BYTES) {
        this.writeOut(Buffer.from(line, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(line, this.used, 'utf8');
  }

  private writeOut(data: Buffer): void {
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    this.hash.update(data);
    this.bytes += data.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  close(): FileStats {
    this.flush();
    closeSync(this.fd);
    return { rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
