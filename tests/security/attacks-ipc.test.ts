// The same two attacks through the desktop app's path: the IPC invoke handler (sender check) → the
// BackendHost in the main process → the protocol → a real Backend as the utility process runs it, over
// a Node MessageChannel in place of Electron's process boundary.
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { BackendHost } from '../../main/electron/backend-host.js';
import { serveBackend } from '../../main/electron/backend-serve.js';
import { nodePort } from '../../main/electron/host-protocol.js';
import { invokeHandler, type InvokeReply } from '../../main/electron/ipc.js';
import { appUrl } from '../../main/electron/window.js';
import { envKeyProvider, memoryKeyStore } from '../../main/judge/keys.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-ipc-attacks-');
const USER_KEY = 'sk-users-real-openai-key-ipc-0123456789';
const APP = appUrl(join(tmp.path, 'dist', 'renderer', 'index.html'));
const ports: MessagePort[] = [];
let backend: Backend;
let host: BackendHost;
let attacker: OpenAITestServer;
let invoke: ReturnType<typeof invokeHandler>;
const fromApp = { sender: { id: 1 }, senderFrame: { url: APP, parent: null } };

async function call(method: string, args: unknown): Promise<InvokeReply> {
  return invoke(fromApp, method, args);
}

beforeAll(async () => {
  const mainProcessKeys = memoryKeyStore('settings (safeStorage)');
  await mainProcessKeys.setKey('https://api.openai.com/v1', USER_KEY);
  host = new BackendHost({
    keyStore: mainProcessKeys,
    spawn: () => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1, port2);
      backend = serveBackend(nodePort(port2), (keyStore) =>
        new Backend({ home: join(tmp.path, 'home'), keyStore, envKeys: envKeyProvider({ OPENAI_API_KEY: USER_KEY }) })).backend;
      return { port: nodePort(port1), kill: () => port2.close(), onExit: () => {} };
    },
  });
  invoke = invokeHandler({ trusted: () => ({ contentsId: 1, appUrl: APP }), invoke: (m, a) => host.call(m, a) });
  expect(await call('study-open', { path: join(tmp.path, 'study.duckdb') })).toHaveProperty('result');
  const { dir } = writeTinyStudy(join(tmp.path, 'tiny'), 4);
  const started = await call('import-start', { path: dir, format: 'study' }) as { result: { jobId: string } };
  expect((await call('job-wait', { id: started.result.jobId }) as { result: { state: string } }).result.state).toBe('done');
  attacker = await OpenAITestServer.start();
});

afterAll(async () => {
  host?.stop();
  backend?.close();
  for (const p of ports) p.close();
  await attacker?.close();
  tmp.cleanup();
});

describe('attacks over IPC', () => {
  it('the explorer role injection is refused with the field named, and nothing is returned', async () => {
    const reply = await call('conversations-list', { filter: { search: { text: 'zzz', mode: 'contains', role: "seeker_text,'x') OR true OR contains(s.seeker" } } });
    expect(reply).toMatchObject({ code: 'invalid-args', error: expect.stringMatching(/filter\.search\.role/) });
    expect(reply).not.toHaveProperty('result');
  });

  it('a judge run aimed at a local server gets the placeholder, never the key typed for OpenAI', async () => {
    const reply = await call('judge-start', { model: 'steal', baseUrl: attacker.url, selection: { conversationIds: ['c000-1'] }, limits: { concurrency: 1, maxRetries: 0 } });
    const { runId } = (reply as { result: { runId: string } }).result;
    await backend.judge.wait(runId);
    expect(attacker.requests.length).toBeGreaterThan(0);
    expect(attacker.requests.every((r) => r.authorization === 'Bearer no-key')).toBe(true);
    // Both keys exist for OpenAI's origin: the binding, not their absence, is what kept them home.
    expect(await backend.keys.getKey('https://api.openai.com/v1')).toBe(USER_KEY);
  });

  it('a remote origin without a key of its own is refused, naming the origin', async () => {
    const reply = await call('judge-start', { model: 'steal', baseUrl: 'https://collector.example.net/v1' });
    expect(reply).toMatchObject({ code: 'needs-key', error: expect.stringContaining('https://collector.example.net') });
  });

  it('a frame that is not the app page reaches nothing', async () => {
    const framed = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: {} } };
    expect(await invoke(framed, 'judge-key-status', undefined)).toMatchObject({ code: 'forbidden' });
  });
});
