// The connection test a researcher runs before a paid run: one request, one output token, an answer in a
// sentence. Against our OpenAI-compatible test server on 127.0.0.1 and a loopback port nobody listens on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { OpenAITestServer } from './openai-test-server.js';
import { deadPort } from './helpers.js';

const KEY = 'sk-test-connection-0123456789abcdef';
let dir: string;
let b: Backend;
let server: OpenAITestServer;


beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'judge-connection-'));
  server = await OpenAITestServer.start();
  b = new Backend({ home: dir, envKeys: boundKeyProvider(KEY, [server.url]) });
});
afterAll(async () => {
  b.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('judge-connection-test', () => {
  it('sends one one-token request with the origin\'s key and reports success', async () => {
    server.reset();
    const r = await b.app.call('judge-connection-test', { baseUrl: server.url, model: 'gpt-test' });
    expect(r).toMatchObject({ ok: true, status: 200, origin: new URL(server.url).origin });
    expect(r.message).toContain('answered with model gpt-test');
    expect(server.chat()).toHaveLength(1);
    const sent = server.chat()[0];
    expect(sent.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body.max_tokens ?? sent.body.max_completion_tokens).toBe(1);
    expect(sent.body.messages).toHaveLength(1);
  });

  it('says a refused connection is one, without a stack or the key', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1`;
    const r = await b.app.call('judge-connection-test', { baseUrl: url, model: 'gpt-test' });
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
    expect(r.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(r.message).toContain('Is the server running');
  });

  it('explains a refused key and an unknown status, and never echoes the key back', async () => {
    server.reset({ behavior: () => 'unauthorized-echo' });
    const refused = await b.app.call('judge-connection-test', { baseUrl: server.url, model: 'gpt-test' });
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(refused.message).toContain('refused the API key');
    expect(refused.message).not.toContain(KEY);
    expect(refused.message).toContain('[redacted]');

    server.reset({ behavior: () => 'rate-limit' });
    const limited = await b.app.call('judge-connection-test', { baseUrl: server.url, model: 'gpt-test' });
    expect(limited).toMatchObject({ ok: true, status: 429 });
    expect(limited.message).toContain('rate-limiting');

    server.reset({ behavior: () => 'server-error' });
    expect(await b.app.call('judge-connection-test', { baseUrl: server.url, model: 'gpt-test' })).toMatchObject({ ok: false, status: 500 });
  });

  it('refuses a remote endpoint it has no key for before sending anything', async () => {
    await expect(b.app.call('judge-connection-test', { baseUrl: 'https://collector.example.net/v1', model: 'gpt-test' }))
      .rejects.toThrow(/No API key for https:\/\/collector\.example\.net/);
    await expect(b.app.call('judge-connection-test', { baseUrl: 'ftp://x', model: 'm' })).rejects.toThrow(/baseUrl must be an http\(s\) URL/);
  });
});
