// Chat-completions request bodies, their content address (the cache key), and token counts.

import { createHash } from 'node:crypto';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { JudgeParams, PromptTemplate } from '../api/contract/index.js';
import { DIMENSION_LABELS, type Dimension } from '../domain/study.js';
import { DIMENSION_DEFINITIONS, renderTemplate, responseSchema, type TemplateKind } from './rubric.js';

export interface ResolvedParams {
  temperature: number | null;
  maxTokens: number;
  topP: number | null;
  seed: number | null;
  responseFormat: 'json_schema' | 'json_object' | 'text';
}

export const DEFAULT_MAX_TOKENS: Record<TemplateKind, number> = { scores: 1200, dimension: 400, pairwise: 20 };
/** Typical answer length, for estimates before any answer exists. */
export const TYPICAL_OUTPUT_TOKENS: Record<TemplateKind, number> = { scores: 420, dimension: 80, pairwise: 6 };

export function resolveParams(kind: TemplateKind, p: JudgeParams = {}): ResolvedParams {
  const num = (v: unknown, name: string, lo: number, hi: number): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`${name} must be a number in [${lo}, ${hi}]`);
    return v;
  };
  const rf = p.responseFormat ?? 'json_schema';
  if (!['json_schema', 'json_object', 'text'].includes(rf)) throw new Error(`responseFormat must be json_schema, json_object or text`);
  return {
    temperature: p.temperature === undefined ? 0 : num(p.temperature, 'temperature', 0, 2),
    maxTokens: Math.round(num(p.maxTokens, 'maxTokens', 1, 1_000_000) ?? DEFAULT_MAX_TOKENS[kind]),
    topP: num(p.topP, 'topP', 0, 1),
    seed: p.seed === undefined || p.seed === null ? null : Math.round(num(p.seed, 'seed', -(2 ** 53), 2 ** 53)!),
    responseFormat: rf,
  };
}

/** OpenAI's current models want max_completion_tokens; most compatible servers know max_tokens. */
export function maxTokensField(baseUrl: string): 'max_tokens' | 'max_completion_tokens' {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens';
  } catch {
    return 'max_tokens';
  }
}

export interface RequestShape {
  kind: TemplateKind;
  model: string;
  template: PromptTemplate;
  params: ResolvedParams;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export interface BuiltRequest {
  /** The exact JSON sent; its SHA-256 is the cache key, so any change of model, prompt, parameters or text misses. */
  body: string;
  cacheKey: string;
  system: string;
  user: string;
}

export function templateVars(kind: TemplateKind, v: { conversation?: string; dimension?: string | null; a?: string; b?: string }): Record<string, string> {
  if (kind === 'pairwise') return { conversation_a: v.a ?? '', conversation_b: v.b ?? '' };
  const vars: Record<string, string> = { conversation: v.conversation ?? '' };
  if (kind === 'dimension' && v.dimension) {
    vars.dimension = v.dimension;
    vars.dimension_label = DIMENSION_LABELS[v.dimension as Dimension] ?? v.dimension;
    vars.dimension_definition = DIMENSION_DEFINITIONS[v.dimension as Dimension] ?? '';
  }
  return vars;
}

export function buildRequest(shape: RequestShape, vars: Record<string, string>): BuiltRequest {
  const system = renderTemplate(shape.template.system, vars);
  const user = renderTemplate(shape.template.user, vars);
  const p = shape.params;
  // Key order is fixed so equal requests serialise to equal bytes.
  const body: Record<string, unknown> = {
    model: shape.model,
    messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
  };
  if (p.temperature !== null) body.temperature = p.temperature;
  if (p.topP !== null) body.top_p = p.topP;
  if (p.seed !== null) body.seed = p.seed;
  body[shape.maxTokensField] = p.maxTokens;
  if (p.responseFormat === 'json_schema') {
    const s = responseSchema(shape.kind);
    body.response_format = { type: 'json_schema', json_schema: { name: s.name, strict: true, schema: s.schema } };
  } else if (p.responseFormat === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  const json = JSON.stringify(body);
  return { body: json, cacheKey: sha256(json), system, user };
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** o200k tokens of a two-message chat request, with the usual per-message framing overhead. */
export function chatTokens(system: string, user: string): number {
  return countTokens(system) + countTokens(user) + 3 * 2 + 3;
}

/** Token counter that counts each distinct system prompt once (they repeat across a run). */
export class TokenCounter {
  private readonly systemCache = new Map<string, number>();
  count(system: string, user: string): number {
    let s = this.systemCache.get(system);
    if (s === undefined) {
      s = countTokens(system);
      if (this.systemCache.size < 64) this.systemCache.set(system, s);
    }
    return s + countTokens(user) + 9;
  }
}

/** Cheap stand-in when no token limit needs exact counts: ~4 characters per token. */
export function roughTokens(body: string): number {
  return Math.ceil(body.length / 4);
}
