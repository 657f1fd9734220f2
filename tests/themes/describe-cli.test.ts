// `workbench themes describe` in-process on a workspace file written by the fixture, against the local server.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { describeCommand } from '../../main/themes/describe-cli.js';
import { themesCommand } from '../../main/themes/cli.js';
import { MODEL_ID, harness, isLabelRequest, scriptedAnswers, type Harness } from './describe-fixture.js';

let server: OpenAITestServer;
let h: Harness;
const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };

beforeAll(async () => { server = await OpenAITestServer.start(); });
afterAll(async () => { await server.close(); });
afterEach(() => {
  h?.close();
  vi.restoreAllMocks();
  process.env.OPENAI_API_KEY = saved.key;
  process.env.OPENAI_BASE_URL = saved.base;
  if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
  if (saved.base === undefined) delete process.env.OPENAI_BASE_URL;
});

async function cli(args: string[], via = describeCommand): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
  try {
    return { code: await via(args), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('workbench themes describe', () => {
  it('--dry-run estimates and sends nothing; a run prints descriptions with fidelity as JSON; the key goes to --base-url', async () => {
    h = await harness();
    h.ws.close();
    server.reset({ answer: scriptedAnswers(false) });
    process.env.OPENAI_API_KEY = 'sk-cli-test-key-abcdef0123456789';
    delete process.env.OPENAI_BASE_URL;

    const dry = await cli(['--db', h.path, '--model', MODEL_ID, '--base-url', server.url, '--llm', 'm', '--fidelity', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ latents: 4, descriptionCalls: 4, labelCalls: 400, calls: 404 });
    expect(server.chat()).toHaveLength(0);

    const r = await cli(['describe', '--db', h.path, '--model', MODEL_ID, '--base-url', server.url, '--llm', 'm', '--fidelity', '--candidates', '2', '--json'], themesCommand);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { result, descriptions } = JSON.parse(r.stdout);
    expect(result).toMatchObject({ described: 4, failed: [] });
    expect(descriptions).toHaveLength(4);
    expect(descriptions.every((d: { candidates: unknown[]; f1: number }) => d.candidates.length === 2 && d.f1 > 0)).toBe(true);
    expect(server.chat().filter(isLabelRequest)).toHaveLength(4 * 2 * 100);
    expect(server.chat().every((c) => c.authorization === 'Bearer sk-cli-test-key-abcdef0123456789')).toBe(true);
  });

  it('names a missing model and a missing flag', async () => {
    h = await harness();
    h.ws.close();
    const missing = await cli(['--db', h.path, '--model', 'nope', '--base-url', server.url]);
    expect(missing.code).toBe(1); // a refusal about the data, like every subcommand
    expect(missing.stderr).toMatch(/No theme model "nope"/);
    const noModel = await cli(['--db', h.path]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--model are required/);
  });
});
