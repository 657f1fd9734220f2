// A Backend on the tiny study with a seeded kSAE model (tests/themes/browse-seed.ts): what the coding tests share.
import { join } from 'node:path';
import { Backend, type BackendOptions } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import type { Db } from '../../main/db/workspace.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { seedThemeModel } from '../themes/browse-seed.js';

export interface CodingFixture { b: Backend; db: Db; dir: string; path: string; cleanup(): void }

export async function codingFixture(name = 'coding', opts: BackendOptions = {}): Promise<CodingFixture> {
  const tmp = tempDir(`workbench-${name}-`);
  writeTinyStudy(join(tmp.path, 'tiny'));
  const b = new Backend({ home: tmp.path, ...opts });
  const path = join(tmp.path, `${name}.duckdb`);
  const ws = await b.open(path);
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  await seedThemeModel(ws.db, 'm-seed');
  return { b, db: ws.db, dir: tmp.path, path, cleanup: () => { b.close(); tmp.cleanup(); } };
}

export type Key = { conversationId: string; turn: number; sentenceIndex: number };
export const keyOf = (r: Key) => `${r.conversationId}/${r.turn}/${r.sentenceIndex}`;

/** Supporter sentences of the tiny study, in key order, with text. */
export async function supporterSentences(db: Db): Promise<(Key & { text: string })[]> {
  return db.all(`SELECT s.conversation_id AS "conversationId", s.turn, s.sentence_index AS "sentenceIndex", s.text
    FROM sentences s JOIN messages m USING (conversation_id, turn) WHERE m.role = 'supporter' ORDER BY 1, 2, 3`);
}
