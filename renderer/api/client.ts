// The renderer's one way to reach the backend. In Electron the preload exposes `window.workbench`
// (IPC); in browser mode the same contract is served over HTTP (POST /api/<method>, SSE /api/events),
// each request carrying the launch token as a Bearer header.
import type { ApiClient, ApiErrorBody, ApiEvents, Args, EventName, MethodName, Result } from '../../main/api/contract/index.js';

export interface WorkbenchBridge {
  invoke(method: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Electron only: a native file or folder picker; null when cancelled. */
  choosePath?(kind: 'file' | 'folder'): Promise<string | null>;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

/** A failed call, carrying the backend's own message and code (e.g. 'no-study', 'bad-regex'). */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly status?: number) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Transport = 'ipc' | 'http';

export interface WorkbenchClient extends ApiClient {
  readonly transport: Transport;
}

/** Electron wraps rejected IPC calls as "Error invoking remote method 'x': Error: msg"; keep only msg. */
function cleanIpcMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(?:[A-Z]\w*)?Error:\s*/, '');
}

export function ipcClient(bridge: WorkbenchBridge): WorkbenchClient {
  return {
    transport: 'ipc',
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      try {
        return (await bridge.invoke(method, args ?? null)) as Result<M>;
      } catch (e) {
        const err = e as { message?: string; code?: string };
        throw new ApiError(cleanIpcMessage(String(err?.message ?? e)), typeof err?.code === 'string' ? err.code : 'ipc-error');
      }
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}

/** What a browser-mode call without a valid token is told: the token only ever arrives in the launch link. */
const NO_TOKEN = 'This page has no valid access token. Open the link that `workbench serve` printed (it ends in ?token=…).';

/**
 * Browser mode. `token` is the per-launch secret from the launch link; it is sent as a Bearer header on every
 * call and on the event stream, which is read with fetch() because EventSource cannot send headers.
 */
export function httpClient(base = '/api/', token: string | null = null): WorkbenchClient {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let streaming = false;

  const dispatch = (event: string, data: string) => {
    const set = listeners.get(event as EventName);
    if (!set) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const l of [...set]) (l as (p: unknown) => void)(payload);
  };

  // One stream for all events, reopened after a drop (the backend restarting); a refused token ends it.
  const stream = async () => {
    for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
      const status = await readEventStream(`${base}events`, auth, dispatch, () => { wait = 500; }).catch(() => 0);
      if (status === 401 || status === 403) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  };

  return {
    transport: 'http',
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      let res: Response;
      try {
        res = await fetch(`${base}${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: args === undefined ? '' : JSON.stringify(args),
        });
      } catch (e) {
        throw new ApiError(`Cannot reach the workbench backend (${(e as Error).message}). Is \`workbench serve\` running?`, 'unreachable');
      }
      if (res.status === 401) throw new ApiError(NO_TOKEN, 'unauthorized', 401);
      let body: { result?: unknown } & Partial<ApiErrorBody>;
      try {
        body = await res.json();
      } catch {
        throw new ApiError(`The backend answered ${res.status} ${res.statusText} without a JSON body`, 'bad-response', res.status);
      }
      if (!res.ok || body.error) throw new ApiError(body.error ?? `${res.status} ${res.statusText}`, body.code ?? 'error', res.status);
      return body.result as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (payload: never) => void);
      if (!streaming) {
        streaming = true;
        void stream();
      }
      return () => {
        listeners.get(event)?.delete(listener as (payload: never) => void);
      };
    },
  };
}

/**
 * Reads one Server-Sent Events response until it ends, calling `onEvent` per `event:`/`data:` block and
 * `onOpen` once connected. Returns the HTTP status.
 */
async function readEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: string, data: string) => void,
  onOpen: () => void = () => {},
): Promise<number> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, cache: 'no-store' });
  if (!res.ok || !res.body) return res.status;
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return res.status;
    buf += value.replace(/\r\n?/g, '\n');
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(event, data.join('\n'));
    }
  }
}

/**
 * The browser-mode token from the launch link (`?token=…`), removed from the address bar and from this
 * history entry before anything else reads the URL, so it is never in a URL the page shows, bookmarks or
 * navigates to. Null when the page was opened without one (e.g. reloaded).
 */
export function takeLaunchToken(
  loc: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location,
  history: Pick<History, 'state' | 'replaceState'> = window.history,
): string | null {
  const params = new URLSearchParams(loc.search);
  const token = params.get('token');
  if (token === null) return null;
  params.delete('token');
  const search = params.toString();
  history.replaceState(history.state, '', `${loc.pathname}${search ? `?${search}` : ''}${loc.hash}`);
  return token || null;
}

/** IPC when the Electron preload is present, HTTP otherwise. */
export function createClient(): WorkbenchClient {
  if (typeof window !== 'undefined' && window.workbench && typeof window.workbench.invoke === 'function') {
    return ipcClient(window.workbench);
  }
  return httpClient('/api/', typeof window !== 'undefined' ? takeLaunchToken() : null);
}

/** The native picker when running in Electron, else null (browser mode types paths). */
export function nativePicker(): ((kind: 'file' | 'folder') => Promise<string | null>) | null {
  const bridge = typeof window !== 'undefined' ? window.workbench : undefined;
  return bridge && typeof bridge.choosePath === 'function' ? (kind) => bridge.choosePath!(kind) : null;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
