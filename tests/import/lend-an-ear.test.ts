import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../main/import/import-error.js';
import { inferScenario, parseTranscript, ratingKind, stageLendAnEar } from '../../main/import/formats/lend-an-ear.js';
import { dropAllStage } from '../../main/import/formats/common.js';
import { PILOT, count, dumpWorkspace, tempDir, tempWorkspace, type TempWorkspace } from './helpers.js';

const SETS = ['claude', 'crowd', 'expert1', 'expert2', 'expert3', 'gemini', 'gpt'];

describe('Lend an Ear pilot folder (real data)', () => {
  let t: TempWorkspace;
  let report: Awaited<ReturnType<TempWorkspace['import']>>;
  beforeAll(async () => {
    t = await tempWorkspace();
    report = await t.import({ path: PILOT }); // --format auto must recognise the folder
  });
  afterAll(() => t.close());

  it('is detected as lend-an-ear and imports whole: 50 conversations, 7 score sets', async () => {
    expect(report.format).toBe('lend-an-ear');
    expect(report.rows.conversations).toBe(50);
    expect(await count(t.ws, 'SELECT count(*) FROM conversations')).toBe(50);
    expect(report.scoreSets.sort()).toEqual(SETS);
    expect(await count(t.ws, 'SELECT count(*) FROM score_sets')).toBe(7);
    expect(await count(t.ws, 'SELECT count(*) FROM conversations WHERE participant_id IS NOT NULL')).toBe(0);
  });

  it('gives every score set all 50 conversations on the six dimensions', async () => {
    const perSet = await t.ws.db.all<{ id: string; convs: number; n: number; dims: number }>(
      `SELECT score_set_id AS id, count(DISTINCT conversation_id) AS convs, count(*) AS n, count(DISTINCT dimension) AS dims
       FROM scores GROUP BY 1 ORDER BY 1`);
    expect(perSet.map((r) => r.id)).toEqual(SETS);
    for (const r of perSet) expect([r.convs, r.n, r.dims]).toEqual([50, 300, 6]);
    expect(await count(t.ws, `SELECT count(*) FROM scores s ANTI JOIN conversations c USING (conversation_id)`)).toBe(0);
  });

  it('marks expert and crowd sets human, LLM files llm, all on 1-5', async () => {
    const kinds = Object.fromEntries((await t.ws.db.all<{ id: string; kind: string }>(
      'SELECT score_set_id AS id, kind FROM score_sets')).map((r) => [r.id, r.kind]));
    expect(kinds).toEqual({ claude: 'llm', crowd: 'human', expert1: 'human', expert2: 'human', expert3: 'human', gemini: 'llm', gpt: 'llm' });
    expect(await count(t.ws, 'SELECT count(*) FROM score_sets WHERE scale_min <> 1 OR scale_max <> 5')).toBe(0);
  });

  it('keeps the crowd means as non-integer doubles', async () => {
    const v = await t.ws.db.value<number>(
      `SELECT score FROM scores WHERE score_set_id = 'crowd' AND conversation_id = '20241031124050492385' AND dimension = 'validating_emotions'`);
    expect(v).toBeCloseTo(2.6666666666666665, 12);
    expect(await count(t.ws, `SELECT count(*) FROM scores WHERE score_set_id = 'crowd' AND score <> round(score)`)).toBeGreaterThan(0);
    // gemini.csv repeats the transcript: it must not leak into scores or conversations.
    expect(await count(t.ws, `SELECT count(*) FROM conversations WHERE CAST(extra AS VARCHAR) LIKE '%Seeker:%'`)).toBe(0);
  });

  it('splits transcripts into messages that alternate and keep multi-line text', async () => {
    // 365 "Seeker:" and 315 "Supporter:" lines in conversations.csv.
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'seeker'`)).toBe(365);
    expect(await count(t.ws, `SELECT count(*) FROM messages WHERE role = 'supporter'`)).toBe(315);
    const first = await t.ws.db.all<{ turn: number; role: string; text: string }>(
      `SELECT turn, role, text FROM messages WHERE conversation_id = '20241031145103738386' ORDER BY turn LIMIT 2`);
    expect(first).toEqual([
      { turn: 0, role: 'seeker', text: "I'm feeling so discouraged.. I just got passed over for the promotion I was working hard for" },
      { turn: 1, role: 'supporter', text: "Oh no! I'm sorry to hear that. What position was it?" },
    ]);
    // Continuation lines (no prefix) belong to the message above them.
    const multi = await t.ws.db.value<string>(
      `SELECT text FROM messages WHERE conversation_id = '20241031150832963315' AND text LIKE '%do you feel you have not been doing something right?%'`);
    expect(multi).toContain('\n');
    expect(multi.split('\n')[0]).not.toMatch(/^Supporter:/);
  });

  it('creates sentences from supporter messages only', async () => {
    expect(report.rows.sentences).toBeGreaterThan(315);
    expect(await count(t.ws, 'SELECT count(*) FROM sentences')).toBe(report.rows.sentences);
    expect(await count(t.ws, `SELECT count(*) FROM sentences s JOIN messages m USING (conversation_id, turn) WHERE m.role <> 'supporter'`)).toBe(0);
  });

  it('infers the scenario from the opening line: 19 promotion, 12 job loss, 19 unmatched ("detached") left empty', async () => {
    const by = Object.fromEntries((await t.ws.db.all<{ s: string | null; n: number }>(
      `SELECT coalesce(scenario, '(none)') AS s, count(*) AS n FROM conversations GROUP BY 1`)).map((r) => [r.s, r.n]));
    expect(by).toEqual({ passed_over_promotion: 19, job_loss: 12, '(none)': 19 });
    const scenario = (id: string) => t.ws.db.value<string | null>(`SELECT scenario FROM conversations WHERE conversation_id = ?`, [id]);
    expect(await scenario('20241031145103738386')).toBe('passed_over_promotion'); // "I'm feeling so discouraged.. passed over for the promotion"
    expect(await scenario('20241031143614621777')).toBe('job_loss'); // "So, I just lost my job today."
    expect(await scenario('20241031145050008738')).toBeNull(); // "I've been feeling so detached from everything lately"
    expect(await t.ws.db.value(`SELECT scenario_type FROM conversations WHERE conversation_id = '20241031143614621777'`)).toBe('workplace');
    const unmatched = report.skipped.find((s) => /scenario could not be inferred/.test(s.reason));
    expect(unmatched?.count).toBe(19);
    expect(unmatched?.reason).toContain('detached');
  });

  it('skips the individual crowd annotations file by default and says so', async () => {
    const crowd = report.skipped.find((s) => s.reason.startsWith('crowd_annotations_with_examples.csv'));
    expect(crowd?.count).toBe(196);
    expect(await count(t.ws, `SELECT count(*) FROM score_sets WHERE score_set_id LIKE 'crowd:%'`)).toBe(0);
  });

  it('keeps response_length as conversation extra', async () => {
    expect(await t.ws.db.value(`SELECT extra->>'response_length' FROM conversations WHERE conversation_id = '20241031145103738386'`)).toBe('86');
  });

  it('refuses a second import of the same folder, and replaces it on request', async () => {
    const before = await dumpWorkspace(t.ws);
    const err = await t.import({ path: PILOT }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(/already imported/);
    expect(err.message).toMatch(/replace/);
    expect(await dumpWorkspace(t.ws)).toEqual(before);

    const oldIds = (await t.ws.db.all<{ id: string }>('SELECT DISTINCT import_id AS id FROM conversations')).map((r) => r.id);
    const again = await t.import({ path: PILOT, mode: 'replace' });
    expect(again.replaced).toBe(oldIds[0]);
    for (const table of ['conversations', 'messages', 'sentences', 'scores', 'score_sets', 'imports', 'conversation_stats']) {
      expect(await count(t.ws, `SELECT count(*) FROM ${table}`), table).toBe(before[table].rows);
    }
    const newIds = (await t.ws.db.all<{ id: string }>('SELECT DISTINCT import_id AS id FROM conversations UNION SELECT DISTINCT import_id FROM scores')).map((r) => r.id);
    expect(newIds).toEqual([again.importId]);
    expect(again.importId).not.toBe(oldIds[0]);
  });
});

describe('Lend an Ear source lines', () => {
  it('stages every message with the line of conversations.csv where its Seeker:/Supporter: prefix is', async () => {
    const t = await tempWorkspace();
    try {
      const s = await stageLendAnEar(t.ws.db, { path: PILOT, format: 'lend-an-ear' }, () => {});
      const staged = await t.ws.db.all<{ text: string; line: number; src: string }>('SELECT text, _line AS line, _src AS src FROM stage_messages ORDER BY rowid');
      const fileLines = readFileSync(join(PILOT, 'conversations.csv'), 'utf8').split('\n');
      expect(staged.length).toBe(680);
      for (const m of staged) {
        expect(m.src).toBe('conversations.csv');
        const first = m.text.split('\n')[0];
        expect(fileLines[m.line - 1], `line ${m.line}`).toMatch(/(Seeker|Supporter): /);
        expect(fileLines[m.line - 1].replaceAll('""', '"')).toContain(first);
      }
      const scoreLines = await t.ws.db.all<{ src: string; line: number; id: string }>(
        `SELECT _src AS src, _line AS line, conversation_id AS id FROM stage_scores WHERE rater = 'gemini' ORDER BY rowid`);
      const gemini = readFileSync(join(PILOT, 'ratings', 'gemini.csv'), 'utf8').split('\n');
      for (const r of scoreLines) {
        expect(r.src).toBe('ratings/gemini.csv');
        expect(gemini[r.line - 1]).toContain(r.id);
      }
      expect(Object.keys(s.tables).sort()).toEqual(['conversations', 'messages', 'scores']);
    } finally {
      await dropAllStage(t.ws.db);
      t.close();
    }
  });
});

describe('Lend an Ear transcripts with empty turns (ratings/gemini.csv as a single transcript file)', () => {
  it('skips empty turns, counts them, and keeps turn positions', async () => {
    const t = await tempWorkspace();
    try {
      const r = await t.import({ path: join(PILOT, 'ratings', 'gemini.csv'), format: 'lend-an-ear' });
      expect(r.rows.conversations).toBe(50);
      const empty = r.skipped.find((s) => /empty turns/.test(s.reason));
      expect(empty?.count).toBe(630);
      // The same 680 non-empty messages as conversations.csv, but turn numbers keep the empty turns' places.
      expect(r.rows.messages).toBe(680);
      const turns = (await t.ws.db.all<{ turn: number }>(
        `SELECT turn FROM messages WHERE conversation_id = '20241031124050492385' ORDER BY turn LIMIT 4`)).map((x) => x.turn);
      expect(turns).toEqual([0, 1, 4, 5]);
      // A transcript file with dimension columns is also a score set named after it.
      expect(r.scoreSets).toEqual(['gemini']);
    } finally {
      t.close();
    }
  });
});

describe('Lend an Ear parsing', () => {
  it('splits on Seeker:/Supporter: prefixes, continues messages over lines, keeps empty turns in place', () => {
    const { turns } = parseTranscript('Seeker: hi\nSupporter: line one\nline two\n\nSeeker: \nsupporter:   yes  ');
    expect(turns.map((t) => [t.role, t.text, t.lineOffset])).toEqual([
      ['seeker', 'hi', 0], ['supporter', 'line one\nline two', 1], ['seeker', '', 4], ['supporter', 'yes', 5],
    ]);
  });

  it('matches the five starters regardless of case, punctuation, quotes and spacing', () => {
    expect(inferScenario('I’m feeling so discouraged… I just got passed over for the promotion I was working hard for')).toBe('passed_over_promotion');
    expect(inferScenario("i'm FEELING so discouraged.. i just got passed over for the promotion i was working hard for!! extra")).toBe('passed_over_promotion');
    expect(inferScenario("So, I just lost my job today.")).toBe('job_loss');
    expect(inferScenario("I've been working so hard but I don't think anyone cares")).toBe('undervalued_at_work');
    expect(inferScenario('I still can’t believe it... my mom just got diagnosed with cancer.')).toBe('parent_cancer');
    expect(inferScenario('I lost my dad last week.. I still cant believe hes really gone')).toBe('parent_death');
    expect(inferScenario("I've been feeling so detached from everything lately, like I'm just going through the motions")).toBeNull();
    expect(inferScenario('hello')).toBeNull();
  });

  it('classifies rating files by name', () => {
    expect(['expert1', 'crowd', 'Expert_2', 'human-coder'].map(ratingKind)).toEqual(['human', 'human', 'human', 'human']);
    expect(['gpt', 'gemini', 'claude', 'judge-run-7'].map(ratingKind)).toEqual(['llm', 'llm', 'llm', 'llm']);
  });
});

describe('Lend an Ear bad input', () => {
  let src: ReturnType<typeof tempDir>;
  let t: TempWorkspace;
  beforeAll(async () => {
    src = tempDir();
    t = await tempWorkspace();
    await t.import({ path: PILOT });
  });
  afterAll(() => { t.close(); src.cleanup(); });

  function folder(name: string, edit: (dir: string) => void): string {
    const dir = join(src.dir, name);
    mkdirSync(join(dir, 'ratings'), { recursive: true });
    copyFileSync(join(PILOT, 'conversations.csv'), join(dir, 'conversations.csv'));
    copyFileSync(join(PILOT, 'ratings', 'expert1.csv'), join(dir, 'ratings', 'expert1.csv'));
    edit(dir);
    return dir;
  }

  async function fails(dir: string, pattern: RegExp): Promise<void> {
    const before = await dumpWorkspace(t.ws);
    const err = await t.import({ path: dir, format: 'lend-an-ear' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(pattern);
    expect(await dumpWorkspace(t.ws)).toEqual(before);
  }

  it('refuses a score outside 1-5 in a rating file, naming the file, line and column', async () => {
    const dir = folder('score7', (d) => {
      const lines = readFileSync(join(d, 'ratings', 'expert1.csv'), 'utf8').split('\n');
      lines[3] = lines[3].replace(/,\d,(\d),/, ',7,$1,'); // third data row, fourth field
      writeFileSync(join(d, 'ratings', 'expert1.csv'), lines.join('\n'));
    });
    await fails(dir, /^ratings\/expert1\.csv, line 4, column "score": score 7 is outside the scale 1-5/);
  });

  it('refuses a rating for a conversation that is not in conversations.csv', async () => {
    const dir = folder('unknown', (d) => writeFileSync(join(d, 'ratings', 'expert9.csv'),
      'conversation_id,validating_emotions\n20241031145103738386,3\nnope,4\n'));
    await fails(dir, /^ratings\/expert9\.csv, line 3, column "conversation_id": conversation not in conversations table: "nope"/);
  });

  it('refuses a ragged row in conversations.csv with its line (multi-line transcripts counted)', async () => {
    const dir = folder('ragged', (d) => {
      const text = readFileSync(join(d, 'conversations.csv'), 'utf8');
      writeFileSync(join(d, 'conversations.csv'), text.trimEnd() + '\nx1,"Seeker: hi",3,extra\n');
    });
    const lines = readFileSync(join(dir, 'conversations.csv'), 'utf8').trimEnd().split('\n').length;
    await fails(dir, new RegExp(`^conversations\\.csv, line ${lines}: expected 3 fields`));
  });

  it('refuses a duplicate conversation_id, naming the line of the second', async () => {
    const dir = folder('dup', (d) => {
      const text = readFileSync(join(d, 'conversations.csv'), 'utf8');
      writeFileSync(join(d, 'conversations.csv'), text.trimEnd() + '\n20241031145103738386,"Seeker: again\nSupporter: yes",5\n');
    });
    const line = readFileSync(join(dir, 'conversations.csv'), 'utf8').trimEnd().split('\n').length - 1;
    await fails(dir, new RegExp(`^conversations\\.csv, line ${line}, column "conversation_id": duplicate conversation_id`));
  });

  it('refuses transcript text before the first speaker prefix, naming its line', async () => {
    const dir = folder('preamble', (d) => {
      const text = readFileSync(join(d, 'conversations.csv'), 'utf8');
      writeFileSync(join(d, 'conversations.csv'), text.trimEnd() + '\nx2,"hello\nSeeker: hi",5\n');
    });
    const line = readFileSync(join(dir, 'conversations.csv'), 'utf8').trimEnd().split('\n').length - 1;
    await fails(dir, new RegExp(`^conversations\\.csv, line ${line}, column "full_conversation": transcript text before`));
  });

  it('refuses a folder without conversations.csv', async () => {
    const dir = join(src.dir, 'empty');
    mkdirSync(dir);
    await fails(dir, /no conversations\.csv/);
  });
});
