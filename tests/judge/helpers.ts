// Shared set-up for the judge's protocol-handling tests: tiny studies in real DuckDB files under os.tmpdir(),
// a JudgeService over them, and a run-to-completion helper.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../main/db/workspace.js';
import { JobRunner } from '../../main/jobs/runner.js';
import type { JobInfo } from '../../main/api/contract/index.js';
import { JudgeService } from '../../main/judge/service.js';
import { keyOrigin, type KeyProvider } from '../../main/judge/keys.js';

export const SCENARIOS = ['job_loss', 'passed_over_promotion', 'undervalued_at_work', 'parent_cancer', 'parent_death'];

const SEEKER = [
  'I just found out I was let go from my job this morning.',
  'My mom was diagnosed with cancer last week and I keep thinking about it.',
  'They gave the promotion to someone who joined after me.',
  'Nobody at work ever notices the extra hours I put in.',
  'My dad passed away a month ago and it still does not feel real.',
];
const SUPPORTER = [
  'I am so sorry, that sounds really hard. How are you feeling right now?',
  'Have you thought about updating your resume and calling a recruiter?',
  'That happened to me too once, I got over it quickly.',
  'It sounds like you feel unseen after all that effort. Tell me more?',
  'Don\'t dwell on it, it is not the end of the world.',
  'It makes sense that you feel hurt and angry.',
];

/** Inserts n conversations (4 messages each) spread over the scenarios; ids conv-001…, deterministic text. */
export async function insertStudy(ws: Workspace, n: number, scenarios = SCENARIOS): Promise<string[]> {
  const ids: string[] = [];
  const convs: (string | number)[] = [];
  const msgs: (string | number)[] = [];
  for (let i = 0; i < n; i++) {
    const id = `conv-${String(i + 1).padStart(3, '0')}`;
    ids.push(id);
    convs.push(id, `p-${Math.floor(i / 3)}`, (i % 3) + 1, scenarios[i % scenarios.length]);
    const turns = [
      ['seeker', SEEKER[i % SEEKER.length]],
      ['supporter', SUPPORTER[i % SUPPORTER.length] + ` (#${i})`],
      ['seeker', 'Yeah. It has been a lot to take in, honestly.'],
      ['supporter', SUPPORTER[(i * 7 + 3) % SUPPORTER.length]],
    ];
    turns.forEach(([role, text], t) => msgs.push(id, t, role, text));
  }
  await ws.db.transaction(async () => {
    await ws.db.run(`INSERT INTO imports VALUES ('test', 'test', 'test', 'x', now(), now(), NULL)`);
    const step = 500;
    for (let i = 0; i < n; i += step) {
      const k = Math.min(step, n - i);
      await ws.db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, import_id) VALUES ${Array(k).fill("(?, ?, ?, ?, 'test')").join(', ')}`, convs.slice(i * 4, (i + k) * 4));
      await ws.db.run(`INSERT INTO messages (conversation_id, turn, role, text, import_id) VALUES ${Array(k * 4).fill("(?, ?, ?, ?, 'test')").join(', ')}`, msgs.slice(i * 16, (i + k) * 16));
    }
  });
  return ids;
}

export interface Harness {
  dir: string;
  path: string;
  ws: Workspace;
  jobs: JobRunner;
  events: JobInfo[];
  svc: JudgeService;
  key: KeyProvider;
  close(): void;
}

export async function harness(n: number, opts: { key?: string | null; windowMs?: number; commitIntervalMs?: number; scenarios?: string[] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'judge-test-'));
  const path = join(dir, 'study.duckdb');
  const ws = await Workspace.open(path);
  await insertStudy(ws, n, opts.scenarios);
  const events: JobInfo[] = [];
  const jobs = new JobRunner((i) => events.push(i));
  const key = loopbackKey(opts.key === undefined ? 'sk-test-not-a-real-key-000000' : opts.key);
  const svc = new JudgeService({ workspace: () => ws, jobs, keys: () => key, windowMs: opts.windowMs, commitIntervalMs: opts.commitIntervalMs });
  return {
    dir, path, ws, jobs, events, svc, key,
    close() {
      try { ws.close(); } catch { /* closed */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fast limits for tests: no real waiting unless a test asks for it. */
export const FAST = { concurrency: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };

/**
 * The harness's key, bound to 127.0.0.1 on any port: each test starts its own OpenAI-compatible server on
 * a port chosen by the OS after the harness exists. Production keys are bound to one origin (keys.ts).
 */
function loopbackKey(key: string | null): KeyProvider {
  return { source: 'test', getKey: async (baseUrl) => (key && keyOrigin(baseUrl)?.startsWith('http://127.0.0.1:') ? key : null) };
}

/** A loopback port with nothing listening: every connection to it is refused. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}
