// A typed stand-in for the 'electron' module in unit tests (the Electron binary cannot run here).
// Each fake implements exactly the members the shell uses, typed from Electron's own declarations, so
// a signature change in Electron breaks the type check here. Used through
//   vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron)
import type { ContextBridge, IpcRenderer, IpcRendererEvent, SafeStorage } from 'electron';

/** safeStorage with a switch for "no keychain" and a reversible scrambling that is not plain text. */
export interface FakeSafeStorage extends Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> {
  available: boolean;
  /** Every plaintext passed to encryptString, to check what was stored. */
  encrypted: string[];
}

const MAGIC = Buffer.from('FAKE-SAFE-STORAGE:');

export function fakeSafeStorage(): FakeSafeStorage {
  const s: FakeSafeStorage = {
    available: true,
    encrypted: [],
    isEncryptionAvailable: () => s.available,
    encryptString(plain: string) {
      if (!s.available) throw new Error('Encryption is not available');
      s.encrypted.push(plain);
      return Buffer.concat([MAGIC, Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
    },
    decryptString(data: Buffer) {
      if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(data.subarray(MAGIC.length).map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
  return s;
}

/** contextBridge that records what the preload exposes. */
export interface FakeContextBridge extends Pick<ContextBridge, 'exposeInMainWorld'> {
  exposed: Map<string, unknown>;
}

export function fakeContextBridge(): FakeContextBridge {
  const exposed = new Map<string, unknown>();
  return { exposed, exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) };
}

type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void;

/** ipcRenderer whose invoke answers from a script and whose events the test emits. */
export interface FakeIpcRenderer {
  invoke: IpcRenderer['invoke'];
  on(channel: string, listener: Listener): FakeIpcRenderer;
  off(channel: string, listener: Listener): FakeIpcRenderer;
  /** What invoke returns: set per test. */
  reply: (channel: string, ...args: unknown[]) => unknown;
  calls: { channel: string; args: unknown[] }[];
  emit(channel: string, ...args: unknown[]): void;
  listenerCount(channel: string): number;
}

export function fakeIpcRenderer(): FakeIpcRenderer {
  const listeners = new Map<string, Set<Listener>>();
  const r: FakeIpcRenderer = {
    reply: () => undefined,
    calls: [],
    async invoke(channel: string, ...args: unknown[]) {
      r.calls.push({ channel, args });
      return r.reply(channel, ...args);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return r;
    },
    off(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return r;
    },
    emit(channel, ...args) {
      for (const l of [...(listeners.get(channel) ?? [])]) l({} as IpcRendererEvent, ...args);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
  return r;
}

/** The module as the shell's files import it. One instance per test file (vi.mock is per file). */
export const fakeElectron = {
  safeStorage: fakeSafeStorage(),
  contextBridge: fakeContextBridge(),
  ipcRenderer: fakeIpcRenderer(),
};
