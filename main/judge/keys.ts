// API keys: where they come from, and the one place that scrubs them from any text we keep or show.
// A key lives only in memory, in the request headers of the judge's HTTP client. It is never written to the
// workspace, a log, a progress event, an error message or an export.

import { UserError } from '../domain/errors.js';

/** Where OPENAI_API_KEY belongs unless OPENAI_BASE_URL says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The origin a key is bound to: scheme, host and port, lower-cased ("https://api.openai.com"). Paths do
 * not matter (a key for …/v1 is the same key for …/v2), hosts do: a key never goes to another host
 * than the one it was given for. Null for anything that is not an http(s) URL.
 */
export function keyOrigin(baseUrl: string): string | null {
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Supplies the API key for an endpoint. A provider returns a key only for the origin(s) it was given
 * for, whoever asks: the judge runs whatever base URL a caller names, and the local HTTP API can be
 * called by any process on the machine, so the binding is what keeps a key from being sent to a server
 * a caller chose. Implementations never log or persist the key.
 */
export interface KeyProvider {
  /** Where the key comes from, for display: 'OPENAI_API_KEY', 'safeStorage', … Never the key itself. */
  readonly source: string;
  getKey(baseUrl: string): Promise<string | null>;
}

/** A provider that also stores keys the user typed, one per origin (the Electron shell's safeStorage). */
export interface KeyStore extends KeyProvider {
  setKey(baseUrl: string, key: string | null): Promise<void>;
  /** The origins that have a stored key (never the keys). */
  origins(): Promise<string[]>;
}

/** A key held in memory for the given base URLs' origins only (tests; a key decrypted by the shell). */
export function boundKeyProvider(key: string | null, baseUrls: readonly string[], source = 'settings'): KeyProvider {
  const origins = new Set(baseUrls.map(keyOrigin).filter((o): o is string => o !== null));
  return {
    source,
    async getKey(baseUrl: string) {
      const o = keyOrigin(baseUrl);
      return key && o && origins.has(o) ? key : null;
    },
  };
}

/**
 * OPENAI_API_KEY, bound to OPENAI_BASE_URL (default OpenAI's API). `alsoFor` adds origins the user chose
 * in their own shell: the CLI's `--base-url` is the user's decision, unlike a URL arriving over the API.
 */
export function envKeyProvider(env: NodeJS.ProcessEnv = process.env, alsoFor: readonly string[] = [], name = 'OPENAI_API_KEY'): KeyProvider {
  const home = env.OPENAI_BASE_URL?.trim() || DEFAULT_BASE_URL;
  const key = env[name]?.trim() || null;
  return boundKeyProvider(key, [home, ...alsoFor], name);
}

/** Keys typed for this session only, per origin (browser mode has no OS keychain to keep them in). */
export function memoryKeyStore(source = 'this session'): KeyStore {
  const keys = new Map<string, string>();
  return {
    source,
    async getKey(baseUrl) {
      const o = keyOrigin(baseUrl);
      return (o && keys.get(o)) ?? null;
    },
    async setKey(baseUrl, key) {
      const o = keyOrigin(baseUrl);
      if (!o) throw new UserError(`Not an http(s) URL: "${baseUrl}"`, 'invalid-args');
      if (key) keys.set(o, key);
      else keys.delete(o);
    },
    async origins() {
      return [...keys.keys()].sort();
    },
  };
}

/** The first provider that has a key for the URL wins (e.g. safeStorage, then OPENAI_API_KEY). */
export function firstKeyProvider(...providers: KeyProvider[]): KeyProvider {
  return {
    get source() { return providers.map((p) => p.source).join(' or '); },
    async getKey(baseUrl: string) {
      for (const p of providers) {
        const k = await p.getKey(baseUrl);
        if (k) return k;
      }
      return null;
    },
  };
}

/**
 * The backend's keys: the environment's key and, in the desktop app, the store of keys typed in
 * Settings. One object the Backend owns and hands to the judge, so nothing else decides which key goes where.
 */
export class KeyRing implements KeyProvider {
  constructor(private env: KeyProvider = envKeyProvider(), private store: KeyStore | null = null) {}

  /** Swaps the sources (the shell at start-up; tests). */
  use(env: KeyProvider, store: KeyStore | null = null): void {
    this.env = env;
    this.store = store;
  }

  get canStore(): boolean {
    return this.store !== null;
  }

  get source(): string {
    return this.store ? `${this.store.source} or ${this.env.source}` : this.env.source;
  }

  async getKey(baseUrl: string): Promise<string | null> {
    return (await this.store?.getKey(baseUrl)) || (await this.env.getKey(baseUrl));
  }

  /** Which source holds a key for this URL's origin, or null. */
  async sourceFor(baseUrl: string): Promise<string | null> {
    if (await this.store?.getKey(baseUrl)) return this.store!.source;
    if (await this.env.getKey(baseUrl)) return this.env.source;
    return null;
  }

  async setKey(baseUrl: string, key: string | null): Promise<void> {
    if (!this.store) throw new UserError('This window cannot store keys securely; set OPENAI_API_KEY before starting the app', 'no-key-store');
    await this.store.setKey(baseUrl, key);
  }

  async storedOrigins(): Promise<string[]> {
    return this.store ? this.store.origins() : [];
  }
}

const KEY_LIKE = /\b(sk-[A-Za-z0-9_-]{12,}|sess-[A-Za-z0-9_-]{12,})/g;

/** Removes anything shaped like an API key (logs of errors whose origin we do not know). */
export function scrubSecrets(text: string): string {
  return text.replace(KEY_LIKE, '[redacted]');
}

/** Scrubs one secret (and anything shaped like an OpenAI key) from text before it is stored or shown. */
export class Redactor {
  private readonly secrets: string[];
  constructor(...secrets: (string | null | undefined)[]) {
    this.secrets = secrets.filter((s): s is string => !!s && s.length >= 4);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out.replace(KEY_LIKE, '[redacted]');
  }

  /** Whether text contains the secret (cheap check before the full redact). */
  leaks(text: string): boolean {
    return this.secrets.some((s) => text.includes(s));
  }
}

/** Requests to these hosts need no key (local servers); the client then sends a placeholder. */
export function isLocalBaseUrl(baseUrl: string): boolean {
  try {
    const h = new URL(baseUrl).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '::1' || h === '[::1]' || h.endsWith('.local');
  } catch {
    return false;
  }
}
