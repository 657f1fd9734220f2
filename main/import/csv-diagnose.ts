import { createReadStream } from 'node:fs';
import { ImportError } from './import-error.js';

/**
 * Finds the first structural problem in an RFC 4180 CSV file: invalid UTF-8, a record with the wrong
 * number of fields, an unterminated quote. DuckDB's reader is the fast path; this only runs after it
 * failed, to turn its message into one that names the line and column.
 */
export async function diagnoseCsv(path: string, displayName = path): Promise<ImportError | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let recordStartLine = 1;
  let inQuotes = false;
  let afterQuote = false;
  let field = 0;
  let header: string[] | null = null;
  let cell = '';
  let headerCells: string[] = [];
  let carry: Buffer = Buffer.alloc(0);

  const columnName = (i: number) => (header && header[i] !== undefined ? header[i] : `#${i + 1}`);

  for await (const chunk of createReadStream(path)) {
    let buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    // Keep an incomplete trailing UTF-8 sequence for the next chunk.
    let cut = buf.length;
    for (let k = 1; k <= 3 && k <= buf.length; k++) {
      const b = buf[buf.length - k];
      if ((b & 0xc0) === 0x80) continue;
      if (b >= 0xc0) {
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (need > k) cut = buf.length - k;
      }
      break;
    }
    carry = buf.subarray(cut);
    buf = buf.subarray(0, cut);
    let text: string;
    try {
      text = decoder.decode(buf, { stream: true });
    } catch {
      const bad = firstInvalidUtf8(buf);
      const before = buf.subarray(0, bad).toString('utf8');
      const nl = before.split('\n').length - 1;
      return new ImportError(`invalid UTF-8 (byte 0x${buf[bad].toString(16)}); save the file as UTF-8`, {
        file: displayName, line: line + nl,
      });
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') { cell += '"'; i++; } else { inQuotes = false; afterQuote = true; }
        } else {
          if (ch === '\n') line++;
          cell += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (cell.length === 0 && !afterQuote) { inQuotes = true; continue; }
        return new ImportError('stray quote inside an unquoted field', { file: displayName, line, column: columnName(field) });
      }
      if (ch === ',') {
        if (!header) headerCells.push(cell);
        field++; cell = ''; afterQuote = false;
        continue;
      }
      if (ch === '\r') continue;
      if (ch === '\n') {
        if (!header) { headerCells.push(cell); header = headerCells; }
        else if (field + 1 !== header.length && !(field === 0 && cell === '')) {
          return new ImportError(
            `expected ${header.length} fields (${header.join(',')}) but found ${field + 1}`,
            { file: displayName, line: recordStartLine },
          );
        }
        line++; recordStartLine = line; field = 0; cell = ''; afterQuote = false;
        continue;
      }
      if (afterQuote) {
        return new ImportError('text after a closing quote', { file: displayName, line, column: columnName(field) });
      }
      cell += ch;
      if (cell.length > 1 << 20) cell = cell.slice(-1);
    }
  }
  if (carry.length) {
    return new ImportError('file ends inside a UTF-8 character', { file: displayName, line });
  }
  if (inQuotes) return new ImportError('a quoted field is never closed', { file: displayName, line: recordStartLine, column: columnName(field) });
  if (header && (field > 0 || cell !== '') && field + 1 !== header.length) {
    return new ImportError(`expected ${header.length} fields (${header.join(',')}) but found ${field + 1}`, { file: displayName, line: recordStartLine });
  }
  return null;
}

function firstInvalidUtf8(buf: Buffer): number {
  const d = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = buf.length;
  // Binary search for the shortest invalid prefix; prefixes ending mid-character are checked with stream mode.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try { d.decode(buf.subarray(0, mid + 1), { stream: true }); lo = mid + 1; } catch { hi = mid; }
  }
  return lo;
}
