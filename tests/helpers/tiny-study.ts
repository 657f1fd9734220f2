import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIMENSIONS, SCENARIOS, SCENARIO_TYPE } from '../../main/domain/study.js';

const csv = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map((v) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))).join(',')).join('\n') + '\n';

/**
 * A small study folder written by hand (not by the demo generator), so transport and explorer tests
 * know every value: participant i has condition CONDITIONS[i % 4], conversation c<i>-<r> has scores
 * derived from (i, r) below.
 */
export function writeTinyStudy(dir: string, participants = 12): { dir: string; conversations: number } {
  mkdirSync(dir, { recursive: true });
  const conds = ['control', 'video', 'coach', 'combined'];
  const P: (string | number | null)[][] = [['participant_id', 'condition', 'age', 'sex']];
  const C: (string | number | null)[][] = [['conversation_id', 'participant_id', 'round', 'scenario']];
  const M: (string | number | null)[][] = [['conversation_id', 'turn', 'role', 'text']];
  const S: (string | number | null)[][] = [['conversation_id', 'dimension', 'score', 'rater', 'rationale']];
  for (let i = 0; i < participants; i++) {
    const pid = `p${String(i).padStart(3, '0')}`;
    P.push([pid, conds[i % 4], 20 + i, i % 2 ? 'female' : 'male']);
    for (let r = 1; r <= 3; r++) {
      const cid = `c${String(i).padStart(3, '0')}-${r}`;
      const scenario = SCENARIOS[(i + r) % SCENARIOS.length];
      C.push([cid, pid, r, scenario]);
      M.push([cid, 0, 'seeker', `I need to talk about ${scenario.replaceAll('_', ' ')}.`]);
      M.push([cid, 1, 'supporter', r === 2 ? 'That sounds "really" hard, friend. What happened next?' : 'I am sorry. Tell me more.']);
      M.push([cid, 2, 'seeker', i % 3 === 0 ? 'It was a shock.\nI did not expect it.' : 'Thanks for listening.']);
      M.push([cid, 3, 'supporter', i % 2 ? 'You should update your resume. Maybe call a recruiter!' : 'It makes sense that you feel lost.']);
      DIMENSIONS.forEach((d, k) => S.push([cid, d, 1 + ((i + r + k) % 5), 'tiny-judge', `because ${d}`]));
    }
  }
  writeFileSync(join(dir, 'participants.csv'), csv(P));
  writeFileSync(join(dir, 'conversations.csv'), csv(C));
  writeFileSync(join(dir, 'messages.csv'), csv(M));
  writeFileSync(join(dir, 'scores.csv'), csv(S));
  writeFileSync(join(dir, 'study.json'), JSON.stringify({ name: 'Tiny test study' }));
  void SCENARIO_TYPE;
  return { dir, conversations: participants * 3 };
}

export function tempDir(prefix = 'workbench-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
