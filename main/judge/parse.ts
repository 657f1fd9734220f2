// Reading a chat-completions response into scores or a choice, or a precise reason why it cannot be used.

import { DIMENSIONS } from '../domain/study.js';
import type { TemplateKind } from './rubric.js';

export interface DimensionAnswer { score: number; rationale: string | null; evidence: string | null }
export type ParsedAnswer =
  | { kind: 'scores'; scores: Record<string, DimensionAnswer> }
  | { kind: 'pairwise'; choice: 'a' | 'b' };

export interface Usage { inputTokens: number | null; outputTokens: number | null; cachedTokens: number | null }

/** The HTTP exchange worked but the answer cannot be used: retried a bounded number of times, then a failure. */
export class InvalidAnswer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAnswer';
  }
}

/** The response body is not a chat completion at all (cut short, HTML error page…): a transport-level retry. */
export class MalformedResponse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponse';
  }
}

const MAX_TEXT = 2000;

function clip(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  return t ? (t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) + '…' : t) : null;
}

interface Completion {
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
}

/** Parses the HTTP body of a chat completion: content text, finish reason, token usage. */
export function readCompletion(body: string): { content: string; finishReason: string | null; refusal: string | null; usage: Usage } {
  let c: Completion;
  try {
    c = JSON.parse(body) as Completion;
  } catch {
    throw new MalformedResponse(`response body is not valid JSON (${body.length} bytes${body.length ? `, ends with ${JSON.stringify(body.slice(-20))}` : ''})`);
  }
  if (!c || typeof c !== 'object' || !Array.isArray(c.choices)) throw new MalformedResponse('response has no "choices" array');
  const choice = c.choices[0];
  if (!choice) throw new InvalidAnswer('response has no choices');
  const content = choice.message?.content;
  const refusal = typeof choice.message?.refusal === 'string' ? choice.message.refusal : null;
  const usage: Usage = {
    inputTokens: typeof c.usage?.prompt_tokens === 'number' ? c.usage.prompt_tokens : null,
    outputTokens: typeof c.usage?.completion_tokens === 'number' ? c.usage.completion_tokens : null,
    cachedTokens: typeof c.usage?.prompt_tokens_details?.cached_tokens === 'number' ? c.usage.prompt_tokens_details.cached_tokens : null,
  };
  return {
    content: typeof content === 'string' ? content : '',
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    refusal,
    usage,
  };
}

/** Strips a Markdown code fence and surrounding prose, for servers without structured outputs. */
function jsonText(content: string): string {
  const t = content.trim();
  const fence = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(t);
  if (fence) return fence[1];
  if (t.startsWith('{')) return t;
  const a = t.indexOf('{');
  const b = t.lastIndexOf('}');
  return a >= 0 && b > a ? t.slice(a, b + 1) : t;
}

function parseJson(content: string, finishReason: string | null): Record<string, unknown> {
  if (!content.trim()) throw new InvalidAnswer(finishReason === 'length' ? 'empty answer (cut off at the token limit)' : 'empty answer');
  try {
    const v = JSON.parse(jsonText(content));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InvalidAnswer('answer is JSON but not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof InvalidAnswer) throw e;
    if (finishReason === 'length') throw new InvalidAnswer('truncated JSON: the answer was cut off at the token limit (raise max tokens)');
    throw new InvalidAnswer(`invalid JSON in answer: ${(e as Error).message.split('\n')[0].slice(0, 120)}`);
  }
}

function readScore(v: unknown, where: string): DimensionAnswer {
  if (!v || typeof v !== 'object') throw new InvalidAnswer(`${where}: expected an object with a score`);
  const o = v as Record<string, unknown>;
  const raw = typeof o.score === 'string' && o.score.trim() !== '' ? Number(o.score) : o.score;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new InvalidAnswer(`${where}: score missing or not a number`);
  if (!Number.isInteger(raw) || raw < 1 || raw > 5) throw new InvalidAnswer(`${where}: score ${raw} outside 1-5`);
  return { score: raw, rationale: clip(o.rationale), evidence: clip(o.evidence) };
}

/** Validates an answer for one kind of template. Throws InvalidAnswer with the reason. */
export function parseAnswer(kind: TemplateKind, content: string, finishReason: string | null, dimension?: string | null): ParsedAnswer {
  if (kind === 'pairwise') {
    const t = content.trim();
    let c: unknown;
    if (t.startsWith('{') || t.startsWith('```')) c = parseJson(t, finishReason).choice;
    else c = t.replace(/^["'*\s(]+|["'*.\s)]+$/g, '');
    if (typeof c === 'string' && /^[ab]$/i.test(c.trim())) return { kind: 'pairwise', choice: c.trim().toLowerCase() as 'a' | 'b' };
    throw new InvalidAnswer(`choice must be "A" or "B", got ${JSON.stringify(typeof c === 'string' ? c.slice(0, 40) : c ?? null)}`);
  }
  const o = parseJson(content, finishReason);
  if (kind === 'dimension') {
    if (!dimension) throw new Error('parseAnswer: dimension required');
    const target = 'score' in o ? o : o[dimension];
    if (target === undefined) throw new InvalidAnswer(`missing dimension: ${dimension}`);
    return { kind: 'scores', scores: { [dimension]: readScore(target, dimension) } };
  }
  const missing = DIMENSIONS.filter((d) => o[d] === undefined || o[d] === null);
  if (missing.length) throw new InvalidAnswer(`missing dimension${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  const scores: Record<string, DimensionAnswer> = {};
  for (const d of DIMENSIONS) scores[d] = readScore(o[d], d);
  return { kind: 'scores', scores };
}
