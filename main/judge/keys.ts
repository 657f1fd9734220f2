// API keys: where they come from, and the one place that scrubs them from any text we keep or show.
// A key lives only in memory, in the request headers of the judge's HTTP client. It is never written to the
// workspace, a log, a progress event, an error message or an export.

/** Supplies the API key for an endpoint. Implementations must never log or persist the key. */
export interface KeyProvider {
  /** Where the key comes from, for display: 'OPENAI_API_KEY', 'safeStorage', … Never the key itself. */
  readonly source: string;
  getKey(baseUrl: string): Promise<string | null>;
}

/** A provider that can also store a key the user typed (the Electron shell's safeStorage). */
export interface KeyStore extends KeyProvider {
  setKey(key: string | null): Promise<void>;
}

export function envKeyProvider(name = 'OPENAI_API_KEY', env: NodeJS.ProcessEnv = process.env): KeyProvider {
  return {
    source: name,
    async getKey() {
      const v = env[name]?.trim();
      return v ? v : null;
    },
  };
}

/** A fixed key held in memory (tests; a key the shell decrypted from safeStorage). */
export function staticKeyProvider(key: string | null, source = 'settings'): KeyProvider {
  return { source, async getKey() { return key; } };
}

/** The first provider that has a key wins (e.g. safeStorage, then OPENAI_API_KEY). */
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

const KEY_LIKE = /\b(sk-[A-Za-z0-9_-]{12,}|sess-[A-Za-z0-9_-]{12,})/g;

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
