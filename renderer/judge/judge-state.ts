// The judge page's form state and the pure functions around it: form -> run spec, remembered settings
// (never the API key), and small display helpers. No React here, so it is unit-tested directly.

import type {
  ConversationFilter, JudgeCost, JudgeLimits, JudgeMode, JudgePairwiseSpec, JudgeParams, JudgeRunSpec, JudgeRunState, JudgeSelection,
} from '../../main/api/contract/index.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Common OpenAI-compatible servers, offered as suggestions for the base URL. */
export const ENDPOINT_PRESETS: { label: string; url: string }[] = [
  { label: 'OpenAI', url: OPENAI_BASE_URL },
  { label: 'Ollama', url: 'http://localhost:11434/v1' },
  { label: 'vLLM', url: 'http://localhost:8000/v1' },
  { label: 'LM Studio', url: 'http://localhost:1234/v1' },
  { label: 'llama.cpp server', url: 'http://localhost:8080/v1' },
];

export type SelectionKind = 'all' | 'filter' | 'ids';

export interface SelectionForm {
  kind: SelectionKind;
  conditions: string[];
  rounds: number[];
  scenarioTypes: string[];
  scenarios: string[];
  participant: string;
  searchText: string;
  /** Free text: ids separated by commas, spaces or new lines. */
  ids: string;
}

/** Everything the "New run" form holds. Numbers stay strings while edited; blank means "default" or "none". */
export interface JudgeForm {
  baseUrl: string;
  model: string;
  mode: JudgeMode;
  templateId: string;
  /** '' = the latest version. */
  version: string;
  temperature: string;
  maxTokens: string;
  responseFormat: NonNullable<JudgeParams['responseFormat']>;
  concurrency: string;
  rpm: string;
  tpm: string;
  timeoutS: string;
  maxRetries: string;
  maxInvalidRetries: string;
  batch: boolean;
  swap: boolean;
  comparisonsPerConversation: string;
  comparisonsPerScenario: string;
  seed: string;
  label: string;
  selection: SelectionForm;
}

export const DEFAULT_TEMPLATE: Record<JudgeMode, string> = {
  scores: 'default-scores',
  dimension: 'default-dimension',
  pairwise: 'default-pairwise',
};

export const emptySelection: SelectionForm = {
  kind: 'all', conditions: [], rounds: [], scenarioTypes: [], scenarios: [], participant: '', searchText: '', ids: '',
};

export const defaultForm: JudgeForm = {
  baseUrl: OPENAI_BASE_URL,
  model: 'gpt-4o',
  mode: 'scores',
  templateId: DEFAULT_TEMPLATE.scores,
  version: '',
  temperature: '0',
  maxTokens: '',
  responseFormat: 'json_schema',
  concurrency: '8',
  rpm: '',
  tpm: '',
  timeoutS: '120',
  maxRetries: '6',
  maxInvalidRetries: '2',
  batch: false,
  swap: false,
  comparisonsPerConversation: '10',
  comparisonsPerScenario: '',
  seed: '1',
  label: '',
  selection: emptySelection,
};

export const MODES: { mode: JudgeMode; label: string; hint: string }[] = [
  { mode: 'scores', label: 'All six scores per call', hint: 'One call per conversation returns the six scores, each with a short rationale and an evidence quote (structured outputs).' },
  { mode: 'dimension', label: 'One call per dimension', hint: 'Six calls per conversation, one dimension each: more tokens, answers independent of each other.' },
  { mode: 'pairwise', label: 'Pairwise (Elo)', hint: 'Forced choice “A” or “B” between two conversations of one scenario; pairs are sampled adaptively and rated with Elo (start 1000, K 32).' },
];

export class FormError extends Error {}

/** Parses an optional number field: blank -> undefined; anything else must be a number in [lo, hi]. */
export function numberField(value: string, name: string, opts: { lo?: number; hi?: number; integer?: boolean } = {}): number | undefined {
  const s = value.trim();
  if (s === '') return undefined;
  const n = Number(s);
  const { lo = -Infinity, hi = Infinity, integer = false } = opts;
  if (!Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) {
    const range = Number.isFinite(lo) && Number.isFinite(hi) ? ` between ${lo} and ${hi}` : Number.isFinite(lo) ? ` ≥ ${lo}` : '';
    throw new FormError(`${name} must be ${integer ? 'a whole number' : 'a number'}${range}`);
  }
  return n;
}

export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

export function selectionFilter(s: SelectionForm): ConversationFilter {
  const f: ConversationFilter = {};
  if (s.conditions.length) f.conditions = s.conditions;
  if (s.rounds.length) f.rounds = s.rounds;
  if (s.scenarioTypes.length) f.scenarioTypes = s.scenarioTypes;
  if (s.scenarios.length) f.scenarios = s.scenarios;
  if (s.participant.trim()) f.participant = s.participant.trim();
  if (s.searchText.trim()) f.search = { text: s.searchText.trim(), mode: 'contains' };
  return f;
}

/** Which conversations: undefined (all), the filter, or explicit ids. */
export function toSelection(s: SelectionForm): JudgeSelection | undefined {
  if (s.kind === 'filter') {
    const filter = selectionFilter(s);
    return Object.keys(filter).length ? { filter } : undefined;
  }
  if (s.kind === 'ids') {
    const ids = parseIds(s.ids);
    if (!ids.length) throw new FormError('List at least one conversation id, or choose “All conversations”.');
    return { conversationIds: ids };
  }
  return undefined;
}

function toLimits(f: JudgeForm): JudgeLimits {
  const limits: JudgeLimits = {};
  const concurrency = numberField(f.concurrency, 'Concurrency', { lo: 1, hi: 1024, integer: true });
  if (concurrency !== undefined) limits.concurrency = concurrency;
  limits.rpm = numberField(f.rpm, 'Requests per minute', { lo: 1, integer: true }) ?? null;
  limits.tpm = numberField(f.tpm, 'Tokens per minute', { lo: 1, integer: true }) ?? null;
  const timeout = numberField(f.timeoutS, 'Timeout', { lo: 0.1, hi: 3600 });
  if (timeout !== undefined) limits.timeoutMs = Math.round(timeout * 1000);
  const retries = numberField(f.maxRetries, 'Retries', { lo: 0, hi: 100, integer: true });
  if (retries !== undefined) limits.maxRetries = retries;
  const invalid = numberField(f.maxInvalidRetries, 'Retries after an invalid answer', { lo: 0, hi: 20, integer: true });
  if (invalid !== undefined) limits.maxInvalidRetries = invalid;
  return limits;
}

function toParams(f: JudgeForm): JudgeParams {
  const params: JudgeParams = {};
  // Blank temperature leaves it out of the request (models that only accept their default).
  params.temperature = numberField(f.temperature, 'Temperature', { lo: 0, hi: 2 }) ?? null;
  const maxTokens = numberField(f.maxTokens, 'Max output tokens', { lo: 1, hi: 1_000_000, integer: true });
  if (maxTokens !== undefined) params.maxTokens = maxTokens;
  if (f.responseFormat !== 'json_schema') params.responseFormat = f.responseFormat;
  return params;
}

export type BuiltSpec =
  | { kind: 'scores'; spec: JudgeRunSpec }
  | { kind: 'pairwise'; spec: JudgePairwiseSpec };

/** The form as the API's run spec; throws FormError with a message for the user. */
export function buildSpec(f: JudgeForm): BuiltSpec {
  const model = f.model.trim();
  if (!model) throw new FormError('Enter a model name (e.g. gpt-4o, or the name your local server uses).');
  const baseUrl = f.baseUrl.trim() || OPENAI_BASE_URL;
  if (!/^https?:\/\/\S+$/i.test(baseUrl)) throw new FormError('The base URL must start with http:// or https://');
  const version = numberField(f.version, 'Template version', { lo: 1, integer: true });
  const prompt = { templateId: f.templateId || DEFAULT_TEMPLATE[f.mode], ...(version !== undefined ? { version } : {}) };
  const selection = toSelection(f.selection);
  const common = {
    model, baseUrl, prompt, params: toParams(f), limits: toLimits(f),
    ...(selection ? { selection } : {}),
    ...(f.label.trim() ? { label: f.label.trim() } : {}),
  };
  if (f.mode === 'pairwise') {
    const spec: JudgePairwiseSpec = { ...common, swap: f.swap };
    const per = numberField(f.comparisonsPerConversation, 'Comparisons per conversation', { lo: 0.01 });
    if (per !== undefined) spec.comparisonsPerConversation = per;
    const perScenario = numberField(f.comparisonsPerScenario, 'Pairs per scenario', { lo: 1, integer: true });
    if (perScenario !== undefined) spec.comparisonsPerScenario = perScenario;
    const seed = numberField(f.seed, 'Seed', { integer: true });
    if (seed !== undefined) spec.seed = seed;
    return { kind: 'pairwise', spec };
  }
  return { kind: 'scores', spec: { ...common, mode: f.mode, ...(f.batch ? { batch: true } : {}) } };
}

// ---- remembered settings ------------------------------------------------------------------------------------

const STORAGE_KEY = 'workbench.judge.settings.v1';

/** The settings worth keeping between sessions: endpoint, model, mode, parameters and limits. Never the key. */
export function rememberable(f: JudgeForm): Partial<JudgeForm> {
  const { selection: _s, label: _l, ...rest } = f;
  return rest;
}

export function loadForm(storage: Pick<Storage, 'getItem'> | null = typeof localStorage !== 'undefined' ? localStorage : null): JudgeForm {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return defaultForm;
    const saved = JSON.parse(raw) as Partial<JudgeForm>;
    const out: JudgeForm = { ...defaultForm };
    for (const k of Object.keys(defaultForm) as (keyof JudgeForm)[]) {
      if (k === 'selection' || k === 'label') continue;
      if (saved[k] !== undefined && typeof saved[k] === typeof defaultForm[k]) (out as unknown as Record<string, unknown>)[k] = saved[k];
    }
    if (!MODES.some((m) => m.mode === out.mode)) out.mode = 'scores';
    return out;
  } catch {
    return defaultForm;
  }
}

export function saveForm(f: JudgeForm, storage: Pick<Storage, 'setItem'> | null = typeof localStorage !== 'undefined' ? localStorage : null): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(rememberable(f)));
  } catch {
    /* storage full or disabled: settings are a convenience */
  }
}

// ---- display -----------------------------------------------------------------------------------------------

export function fmtUsd(c: JudgeCost | null | undefined): string {
  if (!c || !c.priced || c.amount == null) return 'no price';
  const a = c.amount;
  if (a === 0) return '$0.00';
  if (a < 0.01) return `$${a.toPrecision(2)}`;
  return `$${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 1234567 -> "1.23 M", 45600 -> "45.6 k". */
export function fmtTokens(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)} k`;
  return `${(n / 1_000_000).toFixed(2)} M`;
}

export function fmtMinutes(min: number | null | undefined): string {
  if (min == null) return '—';
  if (min < 1) return `${Math.max(1, Math.round(min * 60))} s`;
  if (min < 90) return `${Math.round(min)} min`;
  return `${(min / 60).toFixed(1)} h`;
}

export function fmtDuration(fromIso: string, toIso: string | null, now = Date.now()): string {
  const ms = Math.max(0, (toIso ? Date.parse(toIso) : now) - Date.parse(fromIso));
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export const LIVE_STATES: readonly JudgeRunState[] = ['pending', 'running', 'pausing'];

export const STATE_LABEL: Record<JudgeRunState, string> = {
  pending: 'Starting', running: 'Running', pausing: 'Pausing', paused: 'Paused', cancelled: 'Cancelled',
  interrupted: 'Interrupted', failed: 'Failed', done: 'Done',
};

export const MODE_LABEL: Record<JudgeMode, string> = { scores: 'six scores per call', dimension: 'per dimension', pairwise: 'pairwise' };

/** How the key status reads: the source names where the key comes from, never the key. */
export function keyStatusText(s: { available: boolean; source: string | null; origin?: string }): { tone: 'ok' | 'warn' | 'muted'; text: string } {
  if (!s.available) return { tone: 'warn', text: s.origin ? `No key for ${s.origin}` : 'No key' };
  if (!s.source) return { tone: 'muted', text: 'No key needed (local server)' };
  const parts = s.source.split(' or ').map((p) => (/^[A-Z][A-Z0-9_]+$/.test(p) ? `environment (${p})` : p));
  return { tone: 'ok', text: `Key set — from ${parts.join(' or ')}${s.origin ? ` (for ${s.origin})` : ''}` };
}
