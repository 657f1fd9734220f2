// The main process's BackendHost talking to a real Backend served by backend-serve.ts, over a Node
// MessageChannel instead of Electron's utility process: calls, error envelopes, forwarded events, the
// key store proxied back to the main process, and what happens when the backend process dies.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Backend } from '../../main/backend.js';
import { BackendHost, type BackendChild } from '../../main/electron/backend-host.js';
import { serveBackend } from '../../main/electron/backend-serve.js';
import { nodePort, Peer, RemoteError, type Port } from '../../main/electron/host-protocol.js';
import { boundKeyProvider, memoryKeyStore } from '../../main/judge/keys.js';

const ports: MessagePort[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  for (const p of ports.splice(0)) p.close();
});

/** A spawn function whose "process" is the other end of a MessageChannel; `exit` simulates a crash. */
function channelSpawn(serve: (port: Port) => void) {
  const children: { exit: (code: number) => void; killed: boolean }[] = [];
  const spawn = (): BackendChild => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    serve(nodePort(port2));
    const exitListeners: ((code: number) => void)[] = [];
    const child = {
      killed: false,
      exit: (code: number) => {
        port2.close();
        for (const l of exitListeners) l(code);
      },
    };
    children.push(child);
    return { port: nodePort(port1), kill: () => { child.killed = true; child.exit(0); }, onExit: (l) => void exitListeners.push(l) };
  };
  return { spawn, children };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wb-host-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function realBackend(mainKeys = memoryKeyStore('main process store')) {
  const dir = tempDir();
  let backend: Backend | null = null;
  const { spawn, children } = channelSpawn((port) => {
    // No OPENAI_API_KEY from the test machine's environment.
    backend = serveBackend(port, (keyStore) => new Backend({ home: dir, keyStore, envKeys: boundKeyProvider(null, []) })).backend;
    cleanups.push(() => backend?.close());
  });
  const host = new BackendHost({ spawn, keyStore: mainKeys });
  cleanups.push(() => host.stop());
  return { host, dir, children, mainKeys, backend: () => backend! };
}

describe('BackendHost with a real Backend over a message channel', () => {
  it('starts the backend on the first call and forwards calls and study-changed events', async () => {
    const { host, dir, children } = realBackend();
    expect(host.running).toBe(false);
    const events: { name: string; payload: unknown }[] = [];
    host.onEvent((name, payload) => events.push({ name, payload }));
    const path = join(dir, 'study.duckdb');
    const info = (await host.call('study-open', { path })) as { path: string; conversations: number };
    expect(children).toHaveLength(1);
    expect(info.path).toBe(path);
    expect(info.conversations).toBe(0);
    expect(events.find((e) => e.name === 'study-changed')?.payload).toMatchObject({ path });
    expect(await host.call('study-info', undefined)).toMatchObject({ path });
  });

  it("backend errors arrive with the backend's code: no-study, unknown-method", async () => {
    const { host } = realBackend();
    await expect(host.call('study-info', undefined)).rejects.toMatchObject({ code: 'no-study', message: 'No study is open' });
    const e = (await host.call('no-such-method', {}).catch((x) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.code).toBe('unknown-method');
  });

  it("keys typed in Settings go to the main process's store, per origin, and the backend reads them from there", async () => {
    const { host, mainKeys } = realBackend();
    const status = await host.call('judge-key-set', { key: 'sk-settings-key-1234567890', baseUrl: 'https://api.example.com/v1' });
    expect(status).toMatchObject({ available: true, canStore: true });
    expect(await mainKeys.origins()).toEqual(['https://api.example.com']);
    expect(await mainKeys.getKey('https://api.example.com/v2')).toBe('sk-settings-key-1234567890');
    // Bound to the origin: another host has no key, through the same proxy.
    expect(await host.call('judge-key-status', { baseUrl: 'https://evil.example.net/v1' })).toMatchObject({ available: false });
  });

  it('a refusal from the main-process store reaches the caller as a user error with its code', async () => {
    const refusing = { ...memoryKeyStore(), setKey: async () => { throw Object.assign(new Error('The keychain is locked'), { code: 'no-key-store' }); } };
    const { host } = realBackend(refusing);
    await expect(host.call('judge-key-set', { key: 'sk-abcdefghijklmnop', baseUrl: 'https://api.openai.com/v1' }))
      .rejects.toMatchObject({ code: 'no-key-store', message: 'The keychain is locked' });
  });

  it('workspace-close closes the study in the backend', async () => {
    const { host, dir } = realBackend();
    await host.call('study-open', { path: join(dir, 'a.duckdb') });
    expect(await host.closeWorkspace()).toEqual({ closed: true });
    await expect(host.call('study-info', undefined)).rejects.toMatchObject({ code: 'no-study' });
    expect(await host.closeWorkspace()).toEqual({ closed: false });
  });
});

describe('BackendHost when the process dies', () => {
  it('fails calls in flight with backend-exited, reports the exit, and starts a fresh process on the next call', async () => {
    const { spawn, children } = channelSpawn((port) => {
      const peer = new Peer<{ call: { args: { method: string; args: unknown }; result: unknown } }, Record<string, never>>(port);
      peer.handle('call', ({ method }) => (method === 'hang' ? new Promise(() => {}) : `answered ${method}`));
    });
    const host = new BackendHost({ spawn, keyStore: memoryKeyStore() });
    cleanups.push(() => host.stop());
    const exits: number[] = [];
    host.onExit((code) => exits.push(code));

    const hanging = host.call('hang', undefined);
    await new Promise((r) => setTimeout(r, 10));
    children[0].exit(139);
    await expect(hanging).rejects.toMatchObject({ code: 'backend-exited' });
    expect(exits).toEqual([139]);
    expect(host.running).toBe(false);

    expect(await host.call('study-info', undefined)).toBe('answered study-info');
    expect(children).toHaveLength(2);
  });

  it('stop() kills the process without reporting an unexpected exit', async () => {
    const { spawn, children } = channelSpawn((port) => {
      new Peer<{ call: { args: unknown; result: unknown } }, Record<string, never>>(port).handle('call', () => 'ok');
    });
    const host = new BackendHost({ spawn, keyStore: memoryKeyStore() });
    const exits: number[] = [];
    host.onExit((code) => exits.push(code));
    await host.call('x', undefined);
    host.stop();
    expect(children[0].killed).toBe(true);
    expect(exits).toEqual([]);
    await expect(host.call('x', undefined)).resolves.toBe('ok'); // a later call starts a new one
    host.stop();
  });
});
