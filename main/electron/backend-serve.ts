// The backend process's side of the protocol: it owns a `Backend` (DuckDB, jobs, analyses) and answers
// the main process's requests, so no query or analysis ever runs on the thread that draws the window.
import type { Backend } from '../backend.js';
import { EVENT_NAMES, type MethodName } from '../api/contract/index.js';
import { errorBody } from '../api/errors.js';
import { UserError } from '../domain/errors.js';
import type { KeyStore } from '../judge/keys.js';
import { Peer, RemoteError, type BackendEvents, type BackendRequests, type Port, type ShellRequests } from './host-protocol.js';

export type BackendPeer = Peer<BackendRequests, ShellRequests, BackendEvents>;

/**
 * The key store as the backend process sees it: safeStorage exists only in Electron's main process,
 * so every get and set is a request to it. A refusal there (a bad URL) stays a user-facing error here.
 */
export function remoteKeyStore(peer: BackendPeer, source = 'settings (safeStorage)'): KeyStore {
  const ask = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      throw e instanceof RemoteError ? new UserError(e.message, e.code) : e;
    }
  };
  return {
    source,
    getKey: (baseUrl) => ask(peer.request('key-get', { baseUrl })),
    setKey: async (baseUrl, key) => { await ask(peer.request('key-set', { baseUrl, key })); },
    origins: () => ask(peer.request('key-origins', undefined)),
  };
}

/**
 * Answers API calls on `port` with the backend `make` builds (handed the remote key store), and forwards
 * every API event. Errors cross as the same `{error, code}` envelope the HTTP API sends.
 */
export function serveBackend(port: Port, make: (keyStore: KeyStore) => Backend): { peer: BackendPeer; backend: Backend } {
  const peer: BackendPeer = new Peer(port, { errorEnvelope: (e) => errorBody(e).body });
  const backend = make(remoteKeyStore(peer));
  for (const name of EVENT_NAMES) backend.app.on(name, (payload) => peer.emit('api-event', { name, payload }));
  peer.handle('call', async ({ method, args }) => {
    if (typeof method !== 'string') throw new UserError('The method name must be a string', 'unknown-method');
    return backend.app.call(method as MethodName, args as never);
  });
  peer.handle('workspace-close', async () => {
    // Same rule as switching studies: a running import or judge run holds the workspace.
    const busy = backend.jobs.list().filter((j) => j.state === 'running' && j.kind !== 'open-demo');
    if (busy.length) throw new UserError(`Finish or cancel the running job${busy.length > 1 ? 's' : ''} (${busy.map((j) => j.id).join(', ')}) before closing the study`, 'busy');
    const closed = backend.hasWorkspace;
    backend.close();
    return { closed };
  });
  return { peer, backend };
}
