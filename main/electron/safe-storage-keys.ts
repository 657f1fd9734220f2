import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyStore } from '../judge/keys.js';

/**
 * The judge's API key as typed in Settings, encrypted by the operating system's keychain through
 * Electron safeStorage and kept in a file of its own: never in a workspace, so sharing a .duckdb file
 * cannot share the key. Where the OS offers no encryption the key stays in memory for the session only.
 */
export function safeStorageKeyStore(file: string): KeyStore {
  let memory: string | null = null;
  return {
    source: 'settings (safeStorage)',
    async getKey() {
      if (memory) return memory;
      if (!existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
      try {
        memory = safeStorage.decryptString(readFileSync(file));
      } catch {
        return null;
      }
      return memory;
    },
    async setKey(key: string | null) {
      memory = key;
      if (!key) {
        rmSync(file, { force: true });
        return;
      }
      if (!safeStorage.isEncryptionAvailable()) return;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
    },
  };
}
