// The main ↔ backend protocol in plain Node: a MessageChannel stands in for Electron's utility process.
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { nodePort, Peer, RemoteError, type RequestMap } from '../../main/electron/host-protocol.js';

interface Left extends RequestMap { add: { args: { a: number; b: number }; result: number }; fail: { args: void; result: never } }
interface Right extends RequestMap { whoami: { args: void; result: string } }

const open: MessagePort[] = [];
function pair() {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  // left answers Left and asks Right; right the reverse.
  const left = new Peer<Left, Right, Record<string, unknown>, { tick: number }>(nodePort(port1));
  const right = new Peer<Right, Left, { tick: number }>(nodePort(port2));
  return { left, right, port1, port2 };
}

afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

describe('Peer', () => {
  it('answers a request with its handler result, matched by id when answers arrive out of order', async () => {
    const { left, right } = pair();
    left.handle('add', async ({ a, b }) => {
      await new Promise((r) => setTimeout(r, a)); // the slower request answers last
      return a + b;
    });
    const [slow, fast] = await Promise.all([right.request('add', { a: 30, b: 1 }), right.request('add', { a: 0, b: 2 })]);
    expect(slow).toBe(31);
    expect(fast).toBe(2);
    expect(right.inFlight).toBe(0);
  });

  it('both sides ask each other over the same port (the backend asks main for keys)', async () => {
    const { left, right } = pair();
    left.handle('add', async ({ a, b }) => a + b + (await left.request('whoami', undefined)).length);
    right.handle('whoami', () => 'main');
    expect(await right.request('add', { a: 1, b: 1 })).toBe(6);
  });

  it('a thrown error crosses as an envelope with its code, and rejects with a RemoteError', async () => {
    const { left, right } = pair();
    left.handle('fail', () => {
      throw Object.assign(new Error('No study is open'), { code: 'no-study' });
    });
    const e = await right.request('fail', undefined).catch((x) => x);
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.toEnvelope()).toEqual({ error: 'No study is open', code: 'no-study' });
  });

  it('uses the given error mapper (the backend maps through errorBody)', async () => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    const left = new Peer<Left, Right>(nodePort(port1), { errorEnvelope: () => ({ error: 'Internal error (id 7)', code: 'internal' }) });
    const right = new Peer<Right, Left>(nodePort(port2));
    left.handle('fail', () => { throw new Error('Binder Error: column "secret_sql" not found'); });
    const e = (await right.request('fail', undefined).catch((x) => x)) as RemoteError;
    expect(e.toEnvelope()).toEqual({ error: 'Internal error (id 7)', code: 'internal' });
  });

  it('an unknown request name gets unknown-request, not silence', async () => {
    const { right } = pair();
    const e = (await right.request('add', { a: 1, b: 2 }).catch((x) => x)) as RemoteError;
    expect(e.code).toBe('unknown-request');
  });

  it('forwards events to the listeners of that name only, and unsubscribes', async () => {
    const { left, right } = pair();
    const got: number[] = [];
    const off = left.on('tick', (n) => got.push(n));
    right.emit('tick', 1);
    right.emit('tick', 2);
    await new Promise((r) => setTimeout(r, 20));
    off();
    right.emit('tick', 3);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([1, 2]);
  });

  it('close() fails pending and later requests with the reason instead of leaving them hanging', async () => {
    const { left, right } = pair();
    left.handle('add', () => new Promise<number>(() => {})); // never answers
    const pending = right.request('add', { a: 1, b: 2 });
    await new Promise((r) => setTimeout(r, 10));
    right.close({ error: 'The backend stopped', code: 'backend-exited' });
    await expect(pending).rejects.toMatchObject({ code: 'backend-exited' });
    await expect(right.request('add', { a: 1, b: 2 })).rejects.toMatchObject({ code: 'backend-exited' });
    expect(right.inFlight).toBe(0);
  });

  it('ignores messages that are not protocol messages', async () => {
    const { left, right, port1 } = pair();
    right.handle('whoami', () => 'ok');
    for (const junk of [null, 42, 'x', { t: 'res' }, { t: 'req', id: 'a', name: 1 }]) port1.postMessage(junk);
    expect(await left.request('whoami', undefined)).toBe('ok');
  });

  it('refuses to register a handler twice', () => {
    const { left } = pair();
    left.handle('add', ({ a, b }) => a + b);
    expect(() => left.handle('add', ({ a, b }) => a * b)).toThrow(/twice/);
  });
});
