// The renderer's one way to reach the backend. In Electron the preload exposes `window.workbench`
// (IPC); in browser mode the same contract is served over HTTP (POST /api/<method>, SSE /api/events).
import type { ApiClient, ApiErrorBody, ApiEvents, Args, EventName, MethodName, Result } from '../../main/api/contract.js';

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

export function httpClient(base = '/api/'): WorkbenchClient {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const ensureSource = (event: EventName) => {
    if (!source) source = new EventSource(`${base}events`);
    if (listeners.has(event)) return;
    listeners.set(event, new Set());
    source.addEventListener(event, (msg) => {
      let payload: unknown;
      try {
        payload = JSON.parse((msg as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of [...(listeners.get(event) ?? [])]) (l as (p: unknown) => void)(payload);
    });
  };

  return {
    transport: 'http',
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      let res: Response;
      try {
        res = await fetch(`${base}${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: args === undefined ? '' : JSON.stringify(args),
        });
      } catch (e) {
        throw new ApiError(`Cannot reach the workbench backend (${(e as Error).message}). Is \`workbench serve\` running?`, 'unreachable');
      }
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
      ensureSource(event);
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => {
        listeners.get(event)?.delete(listener as (payload: never) => void);
      };
    },
  };
}

/** IPC when the Electron preload is present, HTTP otherwise. */
export function createClient(): WorkbenchClient {
  if (typeof window !== 'undefined' && window.workbench && typeof window.workbench.invoke === 'function') {
    return ipcClient(window.workbench);
  }
  return httpClient();
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
