import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../main/import/import-error.js';
import { ESCONV, count, dumpWorkspace, tempDir, tempWorkspace, type TempWorkspace } from './helpers.js';

type Session = { dialog: { speaker: string; content: string; annotation: Record<string, string> }[] } & Record<string, unknown>;
const original = (): Session[] => JSON.parse(readFileSync(ESCONV, 'utf8'));

/** Everything an import wrote, without its import id. */
async function content(t: TempWorkspace): Promise<unknown> {
  return {
    conversations: await t.ws.db.all('SELECT * EXCLUDE (import_id) FROM conversations ORDER BY conversation_id'),
    messages: await t.ws.db.all('SELECT * EXCLUDE (import_id) FROM messages ORDER BY conversation_id, turn'),
    sentences: await t.ws.db.all('SELECT * EXCLUDE (import_id) FROM sentences ORDER BY conversation_id, turn, sentence_index'),
  };
}

describe('ESConv FailedESConv.json (real data, speaker/listener)', () => {
  let t: TempWorkspace;
  let report: Awaited<ReturnType<TempWorkspace['import']>>;
  beforeAll(async () => {
    t = await tempWorkspace();
    report = await t.import({ path: ESCONV }); // auto-detected
  });
  afterAll(() => t.close());

  it('imports the 196 sessions as esconv-<index> conversations', async () => {
    expect(report.format).toBe('esconv');
    expect(report.rows.conversations).toBe(196);
    expect(await t.ws.db.value(`SELECT min(conversation_id) FROM conversations WHERE conversation_id = 'esconv-0'`)).toBe('esconv-0');
    expect(await count(t.ws, `SELECT count(*) FROM conversations WHERE conversation_id = 'esconv-195'`)).toBe(1);
  });

  it('keeps every non-empty turn as its own message, speaker = seeker, listener = supporter', async () => {
    const data = original();
    const turns = data.reduce((n, s) => n + s.dialog.filter((d) => d.content.trim()).length, 0);
    expect(report.rows.messages).toBe(turns);
    const speakers = data.flatMap((s) => s.dialog.filter((d) => d.content.trim()).map((d) => d.speaker));
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'seeker'`)).toBe(speakers.filter((x) => x === 'speaker').length);
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'supporter'`)).toBe(speakers.filter((x) => x === 'listener').length);
    // Session 0 opens with two consecutive seeker turns; they stay separate.
    const first = await t.ws.db.all<{ turn: number; role: string; text: string }>(
      `SELECT turn, role, text FROM messages WHERE conversation_id = 'esconv-0' ORDER BY turn LIMIT 3`);
    expect(first).toEqual([
      { turn: 0, role: 'seeker', text: 'Hey there' },
      { turn: 1, role: 'seeker', text: 'How are you?' },
      { turn: 2, role: 'supporter', text: 'hi' },
    ]);
  });

  it('keeps strategies on supporter messages and feedback on seeker messages as annotation', async () => {
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'supporter' AND (annotation->>'strategy') IS NULL`)).toBe(0);
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'seeker' AND (annotation->>'strategy') IS NOT NULL`)).toBe(0);
    expect(await t.ws.db.value(`SELECT annotation->>'strategy' FROM messages WHERE conversation_id = 'esconv-0' AND turn = 3`)).toBe('Questions');
    expect(await t.ws.db.value(`SELECT annotation->>'feedback' FROM messages WHERE conversation_id = 'esconv-0' AND turn = 4`)).toBe('4');
    const strategies = (await t.ws.db.all<{ s: string }>(`SELECT DISTINCT annotation->>'strategy' AS s FROM messages WHERE role = 'supporter' ORDER BY 1`)).map((r) => r.s);
    expect(strategies).toEqual(expect.arrayContaining(['Questions', 'Restatement or Paraphrasing', 'Reflection of feelings', 'Self-disclosure',
      'Affirmation and Reassurance', 'Providing Suggestions', 'Information', 'Other']));
  });

  it('keeps problem, emotion, situation and survey scores as conversation extra', async () => {
    const row = await t.ws.db.one<Record<string, string>>(
      `SELECT extra->>'experience_type' AS e, extra->>'emotion_type' AS emo, extra->>'problem_type' AS p, extra->>'situation' AS s,
              extra->>'survey_seeker_empathy' AS emp, extra->>'survey_seeker_relevance' AS rel,
              extra->>'survey_seeker_initial_emotion_intensity' AS i0, extra->>'survey_seeker_final_emotion_intensity' AS i1
       FROM conversations WHERE conversation_id = 'esconv-0'`);
    expect(row).toEqual({ e: 'Current Experience', emo: 'depression', p: 'ongoing depression',
      s: 'General depression made worse by the ongoing pandemic in my country.', emp: '1', rel: '1', i0: '5', i1: '5' });
    const withSurvey = original().filter((s) => (s.survey_score as { seeker?: { empathy?: string } })?.seeker?.empathy != null).length;
    expect(await count(t.ws, `SELECT count(*) FROM conversations WHERE (extra->>'survey_seeker_empathy') IS NOT NULL`)).toBe(withSurvey);
  });

  it('splits supporter messages into sentences', async () => {
    expect(report.rows.sentences).toBeGreaterThan(0);
    expect(await count(t.ws, `SELECT count(*) FROM sentences s JOIN messages m USING (conversation_id, turn) WHERE m.role <> 'supporter'`)).toBe(0);
  });

  it('imports a copy with seeker/supporter speaker names identically', async () => {
    const src = tempDir();
    const t2 = await tempWorkspace();
    try {
      const data = original();
      for (const s of data) for (const d of s.dialog) d.speaker = d.speaker === 'speaker' ? 'seeker' : 'supporter';
      const path = join(src.dir, 'ESConv.json');
      writeFileSync(path, JSON.stringify(data, null, 2));
      const r2 = await t2.import({ path });
      expect(r2.format).toBe('esconv');
      expect(r2.rows).toEqual(report.rows);
      expect(await content(t2)).toEqual(await content(t));
    } finally {
      t2.close();
      src.cleanup();
    }
  });
});

describe('ESConv bad input', () => {
  let src: ReturnType<typeof tempDir>;
  let t: TempWorkspace;
  beforeAll(async () => {
    src = tempDir();
    t = await tempWorkspace();
    await t.import({ path: ESCONV });
  });
  afterAll(() => { t.close(); src.cleanup(); });

  async function fails(text: string, pattern: RegExp): Promise<void> {
    const path = join(src.dir, 'broken.json');
    writeFileSync(path, text);
    const before = await dumpWorkspace(t.ws);
    const err = await t.import({ path, format: 'esconv' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(pattern);
    expect(await dumpWorkspace(t.ws)).toEqual(before);
  }

  it('refuses an unknown speaker, naming the session (dialog index), the turn and the line', async () => {
    const data = original();
    data[3].dialog[2].speaker = 'bot';
    data[3].dialog[2].content = 'UNIQUE-MARKER';
    const text = JSON.stringify(data, null, 1);
    const lines = text.split('\n');
    const contentLine = lines.findIndex((l) => l.includes('UNIQUE-MARKER')) + 1;
    // The turn object opens two lines above its content ({, "speaker", "annotation"..., "content" with indent 1).
    const open = lines.slice(0, contentLine).map((l, i) => [l, i + 1] as const).filter(([l]) => /^\s*\{\s*$/.test(l)).pop()![1];
    await fails(text, new RegExp(`^broken\\.json, line ${open}, column "speaker": session 3 \\(dialog index 3\\), turn 2: unknown speaker "bot"`));
  });

  it('refuses invalid JSON with the line of the error', async () => {
    await fails('[\n {"dialog": []},\n {"dialog": [,]}\n]', /^broken\.json, line 3: not valid JSON/);
  });

  it('refuses a session without a dialog list', async () => {
    await fails('[\n {"dialog": []},\n {"situation": "x"}\n]', /^broken\.json, line 3: session 1 has no "dialog" list/);
  });

  it('refuses invalid UTF-8 with its line', async () => {
    const path = join(src.dir, 'bad-utf8.json');
    writeFileSync(path, Buffer.concat([Buffer.from('[\n {"dialog": [\n  {"speaker": "seeker", "content": "caf'), Buffer.from([0xe9]), Buffer.from('"}]}\n]')]));
    const before = await dumpWorkspace(t.ws);
    const err = await t.import({ path, format: 'esconv' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(/^bad-utf8\.json, line 3: invalid UTF-8/);
    expect(await dumpWorkspace(t.ws)).toEqual(before);
  });
});
