// The main process's handle on the backend's utility process: starts it on first use, forwards API
// calls to it and its events back, answers its key-store requests, and starts a fresh one after a crash.
import type { KeyStore } from '../judge/keys.js';
import { Peer, RemoteError, type BackendEvents, type BackendRequests, type Port, type ShellRequests } from './host-protocol.js';

/** A started backend process: its message port, and how to stop it and hear that it ended. */
export interface BackendChild {
  port: Port;
  kill(): void;
  onExit(listener: (code: number) => void): void;
}

export type HostPeer = Peer<ShellRequests, BackendRequests, Record<string, never>, BackendEvents>;

export interface BackendHostOptions {
  /** Starts the process (Electron: `forkBackend`; tests: a MessageChannel). */
  spawn: () => BackendChild;
  /** The store keys typed in Settings live in (safeStorage); the backend asks for them per origin. */
  keyStore: KeyStore;
}

/**
 * One lazily started backend process. A call after the process died starts a new one (with no study
 * open): `onExit` tells the shell, which reopens the workspace. Calls in flight when it dies fail
 * with code `backend-exited` instead of hanging.
 */
export class BackendHost {
  private child: { proc: BackendChild; peer: HostPeer } | null = null;
  private readonly eventListeners = new Set<(name: string, payload: unknown) => void>();
  private readonly exitListeners = new Set<(code: number) => void>();

  constructor(private readonly opts: BackendHostOptions) {}

  /** One API call; rejects with a `RemoteError` carrying the backend's message and code. */
  call(method: string, args: unknown): Promise<unknown> {
    return this.peer().request('call', { method, args });
  }

  closeWorkspace(): Promise<{ closed: boolean }> {
    return this.peer().request('workspace-close', undefined);
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** An unexpected end of the process (not one `stop()` asked for). */
  onExit(listener: (code: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  get running(): boolean {
    return this.child !== null;
  }

  stop(): void {
    if (!this.child) return;
    const { proc, peer } = this.child;
    this.child = null;
    peer.close({ error: 'The backend is shutting down', code: 'backend-exited' });
    proc.kill();
  }

  private peer(): HostPeer {
    if (this.child) return this.child.peer;
    const proc = this.opts.spawn();
    const peer: HostPeer = new Peer(proc.port);
    const store = this.opts.keyStore;
    peer.handle('key-get', ({ baseUrl }) => store.getKey(baseUrl));
    peer.handle('key-set', async ({ baseUrl, key }) => { await store.setKey(baseUrl, key); return null; });
    peer.handle('key-origins', () => store.origins());
    peer.on('api-event', ({ name, payload }) => {
      for (const l of [...this.eventListeners]) l(name, payload);
    });
    const child = { proc, peer };
    proc.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      peer.close({ error: `The backend stopped unexpectedly (exit code ${code})`, code: 'backend-exited' });
      for (const l of [...this.exitListeners]) l(code);
    });
    this.child = child;
    return peer;
  }
}

export { RemoteError };
