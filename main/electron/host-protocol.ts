// The message protocol between the Electron main process and the backend's utility process.
// Both ends are the same `Peer`: either side may send a request (with an id) and gets exactly one
// response for it, and either side may send fire-and-forget events. Nothing here imports Electron,
// so the protocol is tested in plain Node over a `MessageChannel`.

/** An error as it crosses the process boundary: the user-facing message and a stable code. */
export interface ErrorEnvelope { error: string; code: string }

export type ProtocolMessage =
  | { t: 'req'; id: number; name: string; args: unknown }
  | { t: 'res'; id: number; ok: true; value: unknown }
  | { t: 'res'; id: number; ok: false; error: ErrorEnvelope }
  | { t: 'evt'; name: string; payload: unknown };

/** One end of a message pipe: Electron's utility process or parentPort, or Node's MessagePort in tests. */
export interface Port {
  post(message: ProtocolMessage): void;
  /** Subscribes to incoming messages; returns the unsubscribe function. */
  listen(listener: (message: unknown) => void): () => void;
}

/** A request map: name → its argument and result types. */
export type RequestMap = Record<string, { args: unknown; result: unknown }>;

/** Requests the backend process answers. */
export interface BackendRequests extends RequestMap {
  /** One API call, dispatched through `App.call` in the backend process. */
  call: { args: { method: string; args: unknown }; result: unknown };
  /** Closes the open workspace (refused while a job is running). */
  'workspace-close': { args: void; result: { closed: boolean } };
}

/** Requests the main process answers for the backend: what only the main process can do. */
export interface ShellRequests extends RequestMap {
  'key-get': { args: { baseUrl: string }; result: string | null };
  'key-set': { args: { baseUrl: string; key: string | null }; result: null };
  'key-origins': { args: void; result: string[] };
}

/** Events the backend process sends to the main process. */
export interface BackendEvents {
  /** An API event (job-progress, study-changed, …) to forward to the window. */
  'api-event': { name: string; payload: unknown };
}

/** A request that failed on the other side; carries the other side's message and code. */
export class RemoteError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'RemoteError';
  }

  toEnvelope(): ErrorEnvelope {
    return { error: this.message, code: this.code };
  }
}

/** Default mapping of a thrown error to an envelope: keeps a string `code` when the error has one. */
export function defaultErrorEnvelope(e: unknown): ErrorEnvelope {
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'internal';
  return { error: e instanceof Error ? e.message : String(e), code };
}

function isMessage(m: unknown): m is ProtocolMessage {
  if (!m || typeof m !== 'object') return false;
  const x = m as Record<string, unknown>;
  if (x.t === 'req') return typeof x.id === 'number' && typeof x.name === 'string';
  if (x.t === 'res') return typeof x.id === 'number' && typeof x.ok === 'boolean';
  if (x.t === 'evt') return typeof x.name === 'string';
  return false;
}

export interface PeerOptions {
  /** Turns an error thrown by a local handler into what the other side receives. */
  errorEnvelope?: (e: unknown) => ErrorEnvelope;
}

type Handler = (args: unknown) => unknown;

/**
 * One end of the protocol. `In` is what this side answers, `Out` what it asks the other side.
 * Every request gets one response: a handler's result, its error as an envelope, or
 * `unknown-request`. `close()` rejects whatever is still pending, so a dead process never leaves
 * a caller waiting for ever.
 */
export class Peer<In extends RequestMap, Out extends RequestMap, EventsOut = Record<string, unknown>, EventsIn = Record<string, unknown>> {
  private next = 1;
  private readonly pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly unlisten: () => void;
  private closed: ErrorEnvelope | null = null;
  private readonly errorEnvelope: (e: unknown) => ErrorEnvelope;

  constructor(private readonly port: Port, opts: PeerOptions = {}) {
    this.errorEnvelope = opts.errorEnvelope ?? defaultErrorEnvelope;
    this.unlisten = port.listen((m) => this.receive(m));
  }

  handle<N extends keyof In & string>(name: N, handler: (args: In[N]['args']) => Promise<In[N]['result']> | In[N]['result']): void {
    if (this.handlers.has(name)) throw new Error(`Handler for ${name} registered twice`);
    this.handlers.set(name, handler as Handler);
  }

  request<N extends keyof Out & string>(name: N, args: Out[N]['args']): Promise<Out[N]['result']> {
    if (this.closed) return Promise.reject(new RemoteError(this.closed.error, this.closed.code));
    const id = this.next++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok: ok as (v: unknown) => void, fail });
      this.port.post({ t: 'req', id, name, args });
    });
  }

  emit<N extends keyof EventsOut & string>(name: N, payload: EventsOut[N]): void {
    if (!this.closed) this.port.post({ t: 'evt', name, payload });
  }

  on<N extends keyof EventsIn & string>(name: N, listener: (payload: EventsIn[N]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  /** How many requests still wait for an answer (tests; shutdown). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Stops listening and fails every pending and later request with `reason`. */
  close(reason: ErrorEnvelope = { error: 'The connection to the backend closed', code: 'backend-closed' }): void {
    if (this.closed) return;
    this.closed = reason;
    this.unlisten();
    for (const p of this.pending.values()) p.fail(new RemoteError(reason.error, reason.code));
    this.pending.clear();
  }

  private receive(m: unknown): void {
    if (this.closed || !isMessage(m)) return;
    if (m.t === 'res') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.ok(m.value);
      else p.fail(new RemoteError(m.error.error, m.error.code));
    } else if (m.t === 'evt') {
      for (const l of [...(this.listeners.get(m.name) ?? [])]) l(m.payload);
    } else {
      void this.answer(m.id, m.name, m.args);
    }
  }

  private async answer(id: number, name: string, args: unknown): Promise<void> {
    const h = this.handlers.get(name);
    let reply: ProtocolMessage;
    if (!h) reply = { t: 'res', id, ok: false, error: { error: `Unknown request ${name}`, code: 'unknown-request' } };
    else {
      try {
        reply = { t: 'res', id, ok: true, value: (await h(args)) ?? null };
      } catch (e) {
        reply = { t: 'res', id, ok: false, error: this.errorEnvelope(e) };
      }
    }
    if (!this.closed) this.port.post(reply);
  }
}

/** A Node `MessagePort` (worker_threads) as a protocol port: tests, and any Node-only host. */
export function nodePort(port: import('node:worker_threads').MessagePort): Port {
  return {
    post: (m) => port.postMessage(m),
    listen: (l) => {
      port.on('message', l);
      return () => port.off('message', l);
    },
  };
}
