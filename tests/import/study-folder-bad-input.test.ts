// Bad study folders: each must be refused with an ImportError naming file, line and (where there is
// one) column, and must leave a workspace that already holds a study exactly as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../main/import/import-error.js';
import { PILOT, dumpWorkspace, tempDir, tempWorkspace, type TempWorkspace } from './helpers.js';

const CONVERSATIONS = 'conversation_id,participant_id,round,scenario\nb1,p1,1,job_loss\nb2,p1,2,parent_death\n';
// Line 3-4 hold one quoted two-line message, so the record after it starts on line 5.
const MESSAGES = [
  'conversation_id,turn,role,text',
  'b1,0,seeker,I lost my job',
  'b1,1,supporter,"I\'m sorry. That is hard.',
  'Do you want to talk?"',
  'b2,0,seeker,hi',
  'b2,1,supporter,hello there',
].join('\n') + '\n';
const SCORES = 'conversation_id,dimension,score,rater\nb1,validating_emotions,4,coder1\nb2,validating_emotions,2,coder1\n';

/** MESSAGES with the record on `line` replaced. */
const messagesWith = (line: number, record: string) => {
  const lines = MESSAGES.split('\n');
  lines[line - 1] = record;
  return lines.join('\n');
};

describe('study folder: bad input is refused with file, line and column, and changes nothing', () => {
  let src: ReturnType<typeof tempDir>;
  let t: TempWorkspace;
  let n = 0;
  beforeAll(async () => {
    src = tempDir();
    t = await tempWorkspace();
    // The workspace already holds a study: a good study folder and the Lend an Ear pilot.
    const good = folder({});
    await t.import({ path: good, format: 'study' });
    await t.import({ path: PILOT });
  });
  afterAll(() => { t.close(); src.cleanup(); });

  function folder(files: { conversations?: string | Buffer; messages?: string | Buffer; scores?: string | Buffer }): string {
    const dir = join(src.dir, `study-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'conversations.csv'), files.conversations ?? CONVERSATIONS);
    writeFileSync(join(dir, 'messages.csv'), files.messages ?? MESSAGES);
    if (files.scores !== undefined) writeFileSync(join(dir, 'scores.csv'), files.scores);
    return dir;
  }

  async function refused(path: string, pattern: RegExp): Promise<ImportError> {
    const before = await dumpWorkspace(t.ws);
    expect(before.conversations.rows).toBe(52);
    const err = await t.import({ path, format: 'study' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(pattern);
    expect(await dumpWorkspace(t.ws)).toEqual(before);
    return err;
  }

  it('a ragged CSV row', async () => {
    await refused(folder({ conversations: CONVERSATIONS, messages: messagesWith(5, 'b2,0,seeker,hi,surplus') }),
      /^messages\.csv, line 5: expected 4 fields \(conversation_id,turn,role,text\) but found 5/);
  });

  it('a ragged last row after many multi-line records (the CSV sniffer must not take it for the header)', async () => {
    const many = ['conversation_id,turn,role,text', ...Array.from({ length: 30 }, (_, i) => `b1,${i},seeker,"line\nbreak"`), 'b2,0,seeker,hi,surplus'];
    await refused(folder({ conversations: CONVERSATIONS, messages: many.join('\n') + '\n' }),
      /^messages\.csv, line 62: expected 4 fields \(conversation_id,turn,role,text\) but found 5/);
  });

  it('an invalid UTF-8 byte', async () => {
    const bytes = Buffer.concat([Buffer.from(MESSAGES.trimEnd() + '\nb2,2,seeker,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    await refused(folder({ conversations: CONVERSATIONS, messages: bytes }),
      // Latin-1 é (0xe9) opens a 3-byte sequence that the line break cuts short; the CSV column is named too.
      /^messages\.csv, line 7, column "text": invalid UTF-8 \(bytes 0xe9 0x0a at character 16, byte offset \d+\)/);
  });

  it('a missing required column', async () => {
    const noRole = MESSAGES.replace('conversation_id,turn,role,text', 'conversation_id,turn,speaker,text');
    await refused(folder({ conversations: CONVERSATIONS, messages: noRole }), /^messages\.csv: missing required column "role" \(columns found: conversation_id, turn, speaker, text\)/);
  });

  it('a duplicate conversation_id', async () => {
    await refused(folder({ conversations: CONVERSATIONS + 'b1,p2,1,job_loss\n' }),
      /^conversations\.csv, line 4, column "conversation_id": duplicate conversation_id \(first seen at line 2\)/);
  });

  it('a duplicate turn', async () => {
    await refused(folder({ conversations: CONVERSATIONS, messages: messagesWith(5, 'b1,1,seeker,again') }),
      /^messages\.csv, line 5, column "turn": duplicate turn within a conversation \(first seen at line 3\)/);
  });

  it('an unknown role', async () => {
    await refused(folder({ conversations: CONVERSATIONS, messages: messagesWith(5, 'b2,0,bot,hi') }),
      /^messages\.csv, line 5, column "role": unknown role "bot"/);
  });

  it('a score of 7 on a 1-5 scale', async () => {
    await refused(folder({ conversations: CONVERSATIONS, scores: SCORES.replace(',2,coder1', ',7,coder1') }),
      /^scores\.csv, line 3, column "score": score 7 is outside the scale 1-5/);
  });

  it('a message for an unknown conversation', async () => {
    await refused(folder({ conversations: CONVERSATIONS, messages: messagesWith(5, 'b9,0,seeker,hi') }),
      /^messages\.csv, line 5, column "conversation_id": conversation not in conversations table: "b9"/);
  });

  it('a non-integer turn', async () => {
    await refused(folder({ conversations: CONVERSATIONS, messages: messagesWith(5, 'b2,first,seeker,hi') }),
      /^messages\.csv, line 5, column "turn": "first" is not an integer/);
  });

  it('a nonexistent path', async () => {
    const missing = join(src.dir, 'no-such-study');
    const err = await refused(missing, /no such file or folder/);
    expect(err.message).toContain(missing);
  });

  it('an unreadable table file (a folder where messages.csv should be)', async () => {
    const dir = folder({ conversations: CONVERSATIONS });
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'messages.csv'));
    mkdirSync(join(dir, 'messages.csv'));
    await refused(dir, /^messages\.csv: /);
  });

  it('line numbers count every line of multi-line quoted messages before the bad row', async () => {
    const long = [
      'conversation_id,turn,role,text',
      'b1,0,seeker,"one',
      'two',
      '',
      'three, with a comma and ""quotes""',
      'four"',
      'b1,1,supporter,"a',
      'b"',
      'b1,2,nobody,x',
    ].join('\n') + '\n';
    await refused(folder({ conversations: CONVERSATIONS, messages: long }), /^messages\.csv, line 9, column "role": unknown role "nobody"/);
  });
});
