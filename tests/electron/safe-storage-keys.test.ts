// Keys typed in Settings: one safeStorage-encrypted file holding origin → key, returned only for the
// origin they were stored for. Electron's safeStorage is the typed fake from fake-electron.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);
const { fakeElectron } = await import('./fake-electron.js');
const { safeStorageKeyStore } = await import('../../main/electron/safe-storage-keys.js');

const KEY_A = 'sk-openai-aaaaaaaaaaaaaaaa';
const KEY_B = 'sk-local-bbbbbbbbbbbbbbbbb';
let dir = '';
let file = '';
const storage = fakeElectron.safeStorage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-keys-'));
  file = join(dir, 'userData', 'judge-keys.bin');
  storage.available = true;
  storage.encrypted.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safeStorageKeyStore', () => {
  it('returns a key only for the origin it was stored for (path does not matter, host and port do)', async () => {
    const s = safeStorageKeyStore(file);
    await s.setKey('https://api.openai.com/v1', KEY_A);
    expect(await s.getKey('https://api.openai.com/v1')).toBe(KEY_A);
    expect(await s.getKey('https://API.openai.com/v2/')).toBe(KEY_A);
    expect(await s.getKey('https://api.openai.com.evil.example/v1')).toBeNull();
    expect(await s.getKey('http://api.openai.com/v1')).toBeNull();
    expect(await s.getKey('https://api.openai.com:8443/v1')).toBeNull();
    expect(await s.getKey('not a url')).toBeNull();
  });

  it('keeps several origins in one file, encrypted as a whole, readable by the next app start', async () => {
    const s = safeStorageKeyStore(file);
    await s.setKey('https://api.openai.com/v1', KEY_A);
    await s.setKey('http://localhost:8000/v1', KEY_B);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(KEY_A))).toBe(false);
    expect(bytes.includes(Buffer.from('api.openai.com'))).toBe(false); // origins are encrypted too
    expect(JSON.parse(storage.encrypted.at(-1)!)).toEqual({ 'https://api.openai.com': KEY_A, 'http://localhost:8000': KEY_B });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);

    const next = safeStorageKeyStore(file);
    expect(await next.origins()).toEqual(['http://localhost:8000', 'https://api.openai.com']);
    expect(await next.getKey('http://localhost:8000/v1/chat')).toBe(KEY_B);
  });

  it('removing a key removes only that origin; removing the last deletes the file', async () => {
    const s = safeStorageKeyStore(file);
    await s.setKey('https://api.openai.com/v1', KEY_A);
    await s.setKey('http://localhost:8000/v1', KEY_B);
    await s.setKey('https://api.openai.com/v1', null);
    expect(await safeStorageKeyStore(file).origins()).toEqual(['http://localhost:8000']);
    await s.setKey('http://localhost:8000', null);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a base URL that is not http(s), as a user error', async () => {
    await expect(safeStorageKeyStore(file).setKey('file:///etc/passwd', KEY_A)).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('without OS encryption, keys live for the session only and nothing is written', async () => {
    storage.available = false;
    const s = safeStorageKeyStore(file);
    await s.setKey('https://api.openai.com/v1', KEY_A);
    expect(await s.getKey('https://api.openai.com/v1')).toBe(KEY_A);
    expect(existsSync(file)).toBe(false);
    expect(await safeStorageKeyStore(file).getKey('https://api.openai.com/v1')).toBeNull();
  });

  it('an unreadable file (another keychain, corruption) yields no keys, and the next save replaces it', async () => {
    const s0 = safeStorageKeyStore(file);
    await s0.setKey('https://api.openai.com/v1', KEY_A); // creates the folder
    writeFileSync(file, 'not encrypted by this keychain');
    const s = safeStorageKeyStore(file);
    expect(await s.origins()).toEqual([]);
    await s.setKey('http://localhost:8000', KEY_B);
    expect(await safeStorageKeyStore(file).origins()).toEqual(['http://localhost:8000']);
  });

  it('ignores entries in the file whose name is not a normalised origin', async () => {
    const s = safeStorageKeyStore(file);
    await s.setKey('https://api.openai.com', KEY_A);
    writeFileSync(file, storage.encryptString(JSON.stringify({ 'https://api.openai.com': KEY_A, 'https://evil.example/v1': KEY_B, 'http://x': 3 })));
    expect(await safeStorageKeyStore(file).origins()).toEqual(['https://api.openai.com']);
  });
});
