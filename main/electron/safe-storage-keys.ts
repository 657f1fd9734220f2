import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../domain/errors.js';
import { keyOrigin, type KeyStore } from '../judge/keys.js';

/** The parts of Electron's safeStorage used (the OS keychain: Keychain, DPAPI, libsecret/kwallet). */
export type Cipher = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

/**
 * API keys typed in Settings, one per origin ("https://api.openai.com" → key), kept as one JSON map that
 * Electron safeStorage encrypts as a whole, in a file of its own: never in a workspace, so sharing a
 * .duckdb file cannot share a key. A key is only ever returned for the origin it was stored for. Where
 * the OS offers no encryption, keys stay in memory for the session only and nothing is written.
 */
export function safeStorageKeyStore(file: string, cipher: Cipher = safeStorage): KeyStore {
  let keys: Map<string, string> | null = null;

  const load = (): Map<string, string> => {
    if (keys) return keys;
    keys = new Map();
    if (!existsSync(file) || !cipher.isEncryptionAvailable()) return keys;
    try {
      const map = JSON.parse(cipher.decryptString(readFileSync(file))) as Record<string, unknown>;
      for (const [origin, key] of Object.entries(map)) if (typeof key === 'string' && key && keyOrigin(origin) === origin) keys.set(origin, key);
    } catch {
      // Unreadable (another user's keychain, a corrupt file): no keys; the next save replaces the file.
    }
    return keys;
  };

  const save = (map: Map<string, string>) => {
    if (!map.size) {
      rmSync(file, { force: true });
      return;
    }
    if (!cipher.isEncryptionAvailable()) return;
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, cipher.encryptString(JSON.stringify(Object.fromEntries(map))), { mode: 0o600 });
    renameSync(tmp, file);
  };

  return {
    source: 'settings (safeStorage)',
    async getKey(baseUrl) {
      const o = keyOrigin(baseUrl);
      return (o && load().get(o)) || null;
    },
    async setKey(baseUrl, key) {
      const o = keyOrigin(baseUrl);
      if (!o) throw new UserError(`Not an http(s) URL: "${baseUrl}"`, 'invalid-args');
      const map = new Map(load());
      if (key) map.set(o, key);
      else map.delete(o);
      save(map);
      keys = map;
    },
    async origins() {
      return [...load().keys()].sort();
    },
  };
}
