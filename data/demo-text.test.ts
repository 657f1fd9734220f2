// The demo study's conversations read like conversations (issue 13): the paper's number of sentence units,
// varied wording, seekers that react to the supporter, supporters that only refer to what the seeker said.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../main/domain/study.js';
import { splitSentences } from '../main/text/sentences.js';
import { writeDemoStudy } from './generate-demo-study.js';
import { Random } from './prng.js';
import { movesOf } from './seeker.js';
import { REACTIONS, STORIES } from './seeker-stories.js';
import { composeConversation } from './transcript.js';
import { readCsv, readTable } from './verify-csv.js';
import { textChecks, textStats, type TextStats } from './verify-text.js';

let root: string;
let stats: TextStats;
const conversations = new Map<string, { role: string; text: string }[]>();
const scenarioOf = new Map<string, Scenario>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'empathy-demo-text-'));
  await writeDemoStudy(root);
  stats = await textStats(root);
  for (const c of await readTable(join(root, 'conversations.csv'))) scenarioOf.set(c.conversation_id!, c.scenario as Scenario);
  let header = true;
  for await (const [cid, , role, text] of readCsv(join(root, 'messages.csv'))) {
    if (header) header = false;
    else conversations.set(cid!, [...(conversations.get(cid!) ?? []), { role: role!, text: text! }]);
  }
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('demo study text', () => {
  it("has the paper's number of sentence units, varied: 29,520 ± 10%, ≥ 60% distinct, none over 0.5%", () => {
    expect(stats.units).toBeGreaterThanOrEqual(29_520 * 0.9);
    expect(stats.units).toBeLessThanOrEqual(29_520 * 1.1);
    expect(Math.abs(stats.unitsPerMessage - 1.74)).toBeLessThan(0.1);
    expect(Math.abs(stats.supporterMessagesPerConversation - 5.85)).toBeLessThan(0.3);
    expect(stats.distinctUnits / stats.units).toBeGreaterThanOrEqual(0.6);
    expect(stats.topUnitShare).toBeLessThanOrEqual(0.005);
    expect(textChecks(stats).filter((c) => !c.ok)).toEqual([]);
    // Chat surface at low rates: some lower-case starts and unpunctuated ends, not most.
    expect(stats.lowerCaseStarts / stats.supporterMessages).toBeGreaterThan(0.02);
    expect(stats.lowerCaseStarts / stats.supporterMessages).toBeLessThan(0.12);
    expect(stats.unpunctuatedEnds / stats.supporterMessages).toBeGreaterThan(0.03);
    expect(stats.unpunctuatedEnds / stats.supporterMessages).toBeLessThan(0.15);
    expect(stats.distinctSeekerUnits).toBeGreaterThan(300);
  });

  it('lets supporters name a backstory detail (a son, a Zoom call, New York) only after the seeker has', () => {
    const problems: string[] = [];
    let mentions = 0;
    for (const [cid, turns] of conversations) {
      const keywords = STORIES[scenarioOf.get(cid)!].facts.flatMap((f) => f.keywords).map((k) => new RegExp(`\\b${k}\\b`, 'i'));
      let seekerSoFar = '';
      for (const t of turns) {
        if (t.role === 'seeker') seekerSoFar += ` ${t.text}`;
        else
          for (const k of keywords)
            if (k.test(t.text)) {
              mentions++;
              if (!k.test(seekerSoFar) && problems.length < 5) problems.push(`${cid}: "${t.text}"`);
            }
      }
    }
    expect(problems).toEqual([]);
    // And they do pick up on what was said.
    expect(mentions).toBeGreaterThan(500);
  });
});

describe('seeker reactions', () => {
  // A reaction template as a regular expression: [a|b|] becomes (?:a|b|).
  const pattern = (source: string) =>
    source.replace(/[.*+?^${}()\\]/g, '\\$&').replace(/\[/g, '(?:').replace(/\]/g, ')');
  const pushback = new RegExp(`^(?:${[...REACTIONS.advice, ...REACTIONS.dismissed].map(pattern).join('|')})$`);

  it('pushes back on advice and brush-offs, and answers questions from the story', () => {
    let advised = 0;
    let questioned = 0;
    let answered = 0;
    for (let c = 0; c < 300; c++) {
      const scenario = (['job_loss', 'passed_over_promotion', 'undervalued_at_work', 'parent_cancer', 'parent_death'] as const)[c % 5];
      const rng = new Random(11, 'reactions', c);
      const scores = [3, 3, 3, 4, 2, 4];
      const turns = composeConversation(rng, scenario, scores, { supporterTurns: 7, endsWithSeeker: true, sentencesPerMessage: 2 });
      const tells = new Set(STORIES[scenario].facts.flatMap((f) => f.tell));
      for (let i = 1; i + 1 < turns.length; i += 2) {
        const { move, question } = movesOf(turns[i]!.labels!);
        const reply = splitSentences(turns[i + 1]!.text);
        if (move === 'advice' || move === 'dismissed') {
          advised++;
          expect(pushback.test(reply[0]!), `${turns[i]!.text} -> ${turns[i + 1]!.text}`).toBe(true);
        }
        if (question && i + 2 < turns.length) {
          questioned++;
          if (reply.some((s) => tells.has(s) || [...tells].some((t) => t.startsWith(s)))) answered++;
        }
      }
    }
    expect(advised).toBeGreaterThan(100);
    expect(questioned).toBeGreaterThan(100);
    expect(answered / questioned).toBeGreaterThan(0.9);
  });
});
