// Streaming CSV reading for the checks of a generated study folder (verify-demo-study.ts and the tests).

import { createReadStream } from 'node:fs';

/** Streaming RFC 4180 parser: yields each record (header included) as an array of fields. */
export async function* readCsv(path: string): AsyncGenerator<string[]> {
  // 0: outside quotes, 1: inside quotes, 2: a quote seen inside quotes (closing, or the first of "").
  let state = 0;
  let field = '';
  let record: string[] = [];
  let pending = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = chunk as string;
    const out: string[][] = [];
    let i = 0;
    while (i < text.length) {
      pending = true;
      if (state === 1) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = text.length;
        } else {
          field += text.slice(i, q);
          state = 2;
          i = q + 1;
        }
        continue;
      }
      if (state === 2) {
        state = 0;
        if (text.charCodeAt(i) === 34) {
          field += '"';
          state = 1;
          i++;
          continue;
        }
      }
      let j = i;
      let c = 0;
      while (j < text.length && (c = text.charCodeAt(j)) !== 44 && c !== 10 && c !== 13 && c !== 34) j++;
      field += text.slice(i, j);
      if (j === text.length) break;
      i = j + 1;
      if (c === 34) state = 1;
      else if (c === 44) {
        record.push(field);
        field = '';
      } else if (c === 10) {
        record.push(field);
        out.push(record);
        record = [];
        field = '';
        pending = false;
      }
    }
    yield* out;
  }
  if (pending) {
    record.push(field);
    yield record;
  }
}

/** Reads a whole CSV into objects keyed by header (for the smaller tables). */
export async function readTable(path: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let header: string[] | null = null;
  for await (const rec of readCsv(path)) {
    if (!header) header = rec;
    else rows.push(Object.fromEntries(header.map((h, i) => [h, rec[i] ?? ''])));
  }
  return rows;
}
