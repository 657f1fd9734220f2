import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../main/import/import-error.js';
import { count, dumpWorkspace, tempDir, tempWorkspace, type TempWorkspace } from './helpers.js';

const CSV = `dialog,who,utterance,pid,arm,age,empathy,why,topic
d1,speaker,"I lost my job today.",u1,coach,34,4,"asked how they feel",work
d1,helper,"That sounds really hard.
How are you feeling?",u1,coach,34,4,,work
d1,speaker,"Scared, honestly.",u1,coach,34,,,work
d2,speaker,"My dad is sick.",u2,control,51,2,,family
d2,helper,"Oh no. Tell me more.",u2,control,51,,,family
`;
const CSV_MAP = {
  dialog: 'conversation_id', who: 'role', utterance: 'text', pid: 'participant_id', arm: 'condition', age: 'age',
  empathy: 'score:validating_emotions', why: 'rationale:validating_emotions', 'role:speaker': 'seeker', 'role:helper': 'supporter',
};
const JSONL = [
  { chat: 'j1', step: 1, speaker: 'Seeker', msg: 'hello there', mood: 'low' },
  { chat: 'j1', step: 2, speaker: 'Supporter', msg: 'Hi! What is on your mind? I am listening.', mood: null },
  { chat: 'j2', step: 1, speaker: 'Seeker', msg: 'I feel ignored at work', mood: 'sad' },
].map((o) => JSON.stringify(o)).join('\n') + '\n';
const JSONL_MAP = { chat: 'conversation_id', step: 'turn', speaker: 'role', msg: 'text' };

describe('mapped import (CSV, JSON Lines, JSON, Parquet with other column names)', () => {
  let src: ReturnType<typeof tempDir>;
  let t: TempWorkspace;
  beforeAll(async () => {
    src = tempDir();
    writeFileSync(join(src.dir, 'chats.csv'), CSV);
    writeFileSync(join(src.dir, 'chats.jsonl'), JSONL);
    t = await tempWorkspace();
  });
  afterAll(() => { t.close(); src.cleanup(); });

  it('previews a mapped CSV: staged first rows and what will be created, writing nothing', async () => {
    const before = await dumpWorkspace(t.ws);
    const p = await t.preview({ path: join(src.dir, 'chats.csv'), map: CSV_MAP });
    expect(p.format).toBe('mapped');
    expect(p.warnings).toEqual([]);
    expect(p.conflict).toBeNull();
    expect(p.willCreate).toMatchObject({ conversations: 2, messages: 5, participants: 2, scores: 2, score_sets: 1 });
    const messages = p.files.find((f) => f.table === 'messages')!;
    expect(messages.rows[1]).toMatchObject({ conversation_id: 'd1', turn: '1', role: 'supporter', text: 'That sounds really hard.\nHow are you feeling?' });
    expect(await dumpWorkspace(t.ws)).toEqual(before);
  });

  it('imports a CSV: role values mapped, turns numbered in file order, participants, one score set named after the file', async () => {
    const r = await t.import({ path: join(src.dir, 'chats.csv'), map: CSV_MAP });
    expect(r.format).toBe('mapped');
    expect(r.rows).toMatchObject({ conversations: 2, messages: 5, participants: 2, scores: 2, score_sets: 1 });
    expect(await t.ws.db.all(`SELECT turn, role FROM messages WHERE conversation_id = 'd1' ORDER BY turn`))
      .toEqual([{ turn: 0, role: 'seeker' }, { turn: 1, role: 'supporter' }, { turn: 2, role: 'seeker' }]);
    expect(await t.ws.db.all(`SELECT participant_id, condition, age FROM participants ORDER BY 1`))
      .toEqual([{ participant_id: 'u1', condition: 'coach', age: 34 }, { participant_id: 'u2', condition: 'control', age: 51 }]);
    expect(await t.ws.db.all(`SELECT conversation_id, participant_id FROM conversations ORDER BY 1`))
      .toEqual([{ conversation_id: 'd1', participant_id: 'u1' }, { conversation_id: 'd2', participant_id: 'u2' }]);
    expect(await t.ws.db.all(`SELECT score_set_id, conversation_id, dimension, score, rationale FROM scores ORDER BY 2`)).toEqual([
      { score_set_id: 'chats', conversation_id: 'd1', dimension: 'validating_emotions', score: 4, rationale: 'asked how they feel' },
      { score_set_id: 'chats', conversation_id: 'd2', dimension: 'validating_emotions', score: 2, rationale: null },
    ]);
    // The unmapped column is kept on each message.
    expect(await t.ws.db.value(`SELECT annotation->>'topic' FROM messages WHERE conversation_id = 'd2' AND turn = 0`)).toBe('family');
  });

  it('imports JSON Lines with a turn column and capitalised role values', async () => {
    const r = await t.import({ path: join(src.dir, 'chats.jsonl'), map: JSONL_MAP });
    expect(r.rows).toMatchObject({ conversations: 2, messages: 3 });
    expect(await t.ws.db.all(`SELECT turn, role, text FROM messages WHERE conversation_id = 'j1' ORDER BY turn`)).toEqual([
      { turn: 1, role: 'seeker', text: 'hello there' },
      { turn: 2, role: 'supporter', text: 'Hi! What is on your mind? I am listening.' },
    ]);
    expect(await t.ws.db.value(`SELECT annotation->>'mood' FROM messages WHERE conversation_id = 'j2'`)).toBe('sad');
    expect(await count(t.ws, `SELECT count(*) FROM sentences WHERE conversation_id = 'j1'`)).toBe(3);
  });

  it('imports a JSON array and a Parquet file the same way', async () => {
    const rows = JSONL.trim().split('\n').map((l) => JSON.parse(l));
    const jsonPath = join(src.dir, 'array.json');
    writeFileSync(jsonPath, JSON.stringify(rows.map((o) => ({ ...o, chat: `a-${o.chat}` })), null, 2));
    const pq = join(src.dir, 'chats.parquet');
    await t.ws.db.run(`COPY (SELECT 'p-' || chat AS chat, step, speaker, msg FROM read_json('${join(src.dir, 'chats.jsonl')}')) TO '${pq}' (FORMAT parquet)`);
    const a = await t.import({ path: jsonPath, map: JSONL_MAP });
    const p = await t.import({ path: pq, map: JSONL_MAP });
    expect([a.rows.messages, p.rows.messages]).toEqual([3, 3]);
    expect(await count(t.ws, `SELECT count(*) FROM conversations WHERE conversation_id IN ('a-j1', 'a-j2', 'p-j1', 'p-j2')`)).toBe(4);
  });

  it('makes one score set per value of a column mapped to rater, with the given kind', async () => {
    const path = join(src.dir, 'judged.csv');
    writeFileSync(path, 'c,r,x,judge,warm\nk1,seeker,hi,coder-a,2\nk1,supporter,hello,coder-a,\nk2,seeker,hey,coder-b,1\n');
    const r = await t.import({ path, map: { c: 'conversation_id', r: 'role', x: 'text', judge: 'rater', warm: 'score:warmth', 'option:scale': '0-2', 'option:kind': 'human' } });
    expect(r.scoreSets).toEqual(['coder-a', 'coder-b']);
    expect(await t.ws.db.all(`SELECT score_set_id, kind, scale_min, scale_max FROM score_sets WHERE score_set_id LIKE 'coder-%' ORDER BY 1`)).toEqual([
      { score_set_id: 'coder-a', kind: 'human', scale_min: 0, scale_max: 2 },
      { score_set_id: 'coder-b', kind: 'human', scale_min: 0, scale_max: 2 },
    ]);
    expect(await t.ws.db.all(`SELECT score_set_id, conversation_id, dimension, score FROM scores WHERE score_set_id LIKE 'coder-%' ORDER BY 1`)).toEqual([
      { score_set_id: 'coder-a', conversation_id: 'k1', dimension: 'warmth', score: 2 },
      { score_set_id: 'coder-b', conversation_id: 'k2', dimension: 'warmth', score: 1 },
    ]);
  });

  async function fails(file: string, text: string, map: Record<string, string>, pattern: RegExp): Promise<void> {
    const path = join(src.dir, file);
    writeFileSync(path, text);
    const before = await dumpWorkspace(t.ws);
    const err = await t.import({ path, map }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(pattern);
    expect(await dumpWorkspace(t.ws)).toEqual(before);
  }

  it('refuses a map naming a column the file does not have, listing the columns', async () => {
    await fails('m1.csv', CSV, { ...CSV_MAP, dialogue: 'conversation_id' },
      /^m1\.csv: the column mapping names column "dialogue", which the file does not have \(columns: dialog, who, utterance, pid, arm, age, empathy, why, topic\)/);
  });

  it('refuses a role value that is not mapped, naming line and source column', async () => {
    const { 'role:helper': _, ...map } = CSV_MAP;
    await fails('m2.csv', CSV, map, /^m2\.csv, line 3, column "who": unknown role "helper"/);
  });

  it('refuses a non-integer turn with its line and source column (multi-line cells counted)', async () => {
    await fails('m3.csv', 'c,t,r,x\nc1,0,seeker,"a\nb\nc"\nc1,one,supporter,d\n', { c: 'conversation_id', t: 'turn', r: 'role', x: 'text' },
      /^m3\.csv, line 5, column "t": "one" is not an integer \(mapped to turn\)/);
  });

  it('refuses conversation-level values that differ between rows of one conversation', async () => {
    await fails('m4.csv', 'c,r,x,round\nc1,seeker,a,1\nc1,supporter,b,2\n', { c: 'conversation_id', r: 'role', x: 'text' },
      /^m4\.csv, line 3, column "round": round of conversation "c1" differs between rows \("1" at line 2, "2" here\)/);
  });

  it('refuses a duplicate turn, naming the line', async () => {
    await fails('m5.jsonl', '{"c":"c1","t":0,"r":"seeker","x":"a"}\n{"c":"c1","t":0,"r":"supporter","x":"b"}\n', { c: 'conversation_id', t: 'turn', r: 'role', x: 'text' },
      /^m5\.jsonl, line 2, column "turn": duplicate turn within a conversation \(first seen at line 1\)/);
  });

  it('refuses a score outside the given scale', async () => {
    await fails('m6.csv', 'c,r,x,s\nc1,seeker,a,\nc1,supporter,b,3\n', { c: 'conversation_id', r: 'role', x: 'text', s: 'score:warmth', 'option:scale': '0-2' },
      /^m6\.csv, line 3, column "s": score 3 is outside the scale 0-2/);
  });

  it('refuses a mapping without text', async () => {
    await fails('m7.csv', 'c,r,x\nc1,seeker,a\n', { c: 'conversation_id', r: 'role' }, /^m7\.csv: no column is mapped to "text"/);
  });
});
