// Run by events.test.ts in its own process: codes sentence after sentence, one event each, printing each committed
// event's number, until the parent kills it (SIGKILL, mid-edit as likely as not).
import { Workspace } from '../../main/db/workspace.js';
import { CodingService } from '../../main/coding/service.js';

const [path, codeId] = process.argv.slice(2);
const ws = await Workspace.open(path);
const coding = new CodingService({ workspace: () => ws });
const sentences = await ws.db.all<{ c: string; t: number; s: number }>(`SELECT conversation_id AS c, turn AS t, sentence_index AS s FROM sentences ORDER BY 1, 2, 3`);
for (let i = 0; ; i = (i + 1) % sentences.length) {
  const x = sentences[i];
  await coding.assign({ coder: 'crash', codeId, unit: { grain: 'sentence', conversationId: x.c, turn: x.t, sentenceIndex: x.s } });
  await coding.updateCode({ coder: 'crash', codeId, definition: `after ${i}` });
  const seq = await ws.db.value<number>('SELECT max(seq) FROM coding_events');
  process.stdout.write(`${seq}\n`);
}
