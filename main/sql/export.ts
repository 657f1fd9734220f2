// Writing a whole console result to a file. The user's query runs only in the locked sandbox; its chunks
// are copied into a table of a separate, empty in-memory instance, and that instance runs the service's
// own COPY … TO (Parquet). No user text ever runs where file access is on. CSV goes through the one CSV
// writer (main/export/csv.ts), a chunk at a time.
import { createWriteStream } from 'node:fs';
import { DuckDBInstance, type DuckDBResult } from '@duckdb/node-api';
import { csvRecord } from '../export/csv.js';
import { ident, literal } from '../db/workspace.js';
import { chunkRows, resultColumns } from './values.js';

/** Streams the result as CSV lines (header first) to `write`; returns the row count. */
export async function resultToCsv(result: DuckDBResult, write: (text: string) => void | Promise<void>): Promise<number> {
  await write(csvRecord(resultColumns(result).map((c) => c.name)) + '\n');
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const lines = chunkRows(result, chunk).map((r) => csvRecord(r) + '\n').join('');
    await write(lines);
    rows += chunk.rowCount;
  }
  return rows;
}

/** Writes the result as CSV to a file; returns the row count. */
export async function resultToCsvFile(result: DuckDBResult, path: string): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  try {
    const rows = await resultToCsv(result, (text) => new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve()))));
    out.end();
    await done;
    return rows;
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** Writes the result as one Parquet file at `path` (replaced if present); returns the row count. */
export async function resultToParquetFile(result: DuckDBResult, path: string): Promise<number> {
  const columns = resultColumns(result);
  const writer = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const conn = await writer.connect();
  try {
    await conn.run(`CREATE TABLE result (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    const appender = await conn.createAppender('result');
    let rows = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
    }
    appender.closeSync();
    await conn.run(`COPY result TO ${literal(path)} (FORMAT parquet)`);
    return rows;
  } finally {
    conn.closeSync();
    writer.closeSync();
  }
}
