// Coder agreement on sentence units. A coder's value on a sentence is the set of codes they gave it (theme codes
// expanded, overrides applied); a sentence the coder gave no code is missing for them, not "no code". Overall:
// the sets as nominal labels. Per code: present/absent for each coder who coded the sentence.
import { listValue } from '@duckdb/node-api';
import { CONSENSUS_CODER, type CodingAgreementResult, type Disagreement } from '../api/contract/index.js';
import { cohenKappa, fleissKappa, krippendorffAlphaNominal, percentAgreement, AnalysisDataError, type NominalRatings } from '../analysis/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { EFFECTIVE_CTES, TREE_CTE } from './sql.js';

interface Unit { conversationId: string; turn: number; sentenceIndex: number; byCoder: Map<string, string[]> }

/** Every coder but consensus with at least one assignment, by name. */
export async function activeCoders(db: Db): Promise<string[]> {
  return (await db.all<{ c: string }>(`SELECT DISTINCT coder AS c FROM coding_assignments WHERE coder <> ? ORDER BY 1`, [CONSENSUS_CODER])).map((r) => r.c);
}

async function chooseCoders(db: Db, coders?: string[]): Promise<string[]> {
  const list = coders?.length ? [...new Set(coders)] : await activeCoders(db);
  if (list.length < 2) throw new UserError(`Agreement needs at least two coders with codes (have ${list.length ? list.join(', ') : 'none'})`, 'analysis-failed');
  return list;
}

/** Sentences coded by at least two of the coders, with each coder's sorted code ids there. */
async function pairableUnits(db: Db, coders: string[]): Promise<Unit[]> {
  const rows = await db.all<{ conversation_id: string; turn: number; sentence_index: number; coder: string; codes: string[] }>(`
    WITH ${EFFECTIVE_CTES},
    e AS (SELECT DISTINCT coder, code_id, conversation_id, turn, sentence_index FROM effective WHERE list_contains(?::VARCHAR[], coder)),
    per AS (SELECT conversation_id, turn, sentence_index, coder, list(code_id ORDER BY code_id) AS codes FROM e GROUP BY ALL)
    SELECT * FROM per QUALIFY count(*) OVER (PARTITION BY conversation_id, turn, sentence_index) >= 2
    ORDER BY conversation_id, turn, sentence_index, coder`, [listValue(coders)]);
  const units: Unit[] = [];
  let last = '';
  for (const r of rows) {
    const key = `${r.conversation_id}\u0000${r.turn}\u0000${r.sentence_index}`;
    if (key !== last) {
      units.push({ conversationId: r.conversation_id, turn: r.turn, sentenceIndex: r.sentence_index, byCoder: new Map() });
      last = key;
    }
    units.at(-1)!.byCoder.set(r.coder, r.codes);
  }
  return units;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function kappaOf(ratings: NominalRatings): number | null {
  try {
    return finiteOrNull(ratings.length === 2 ? cohenKappa(ratings[0], ratings[1]) : fleissKappa(ratings).kappa);
  } catch (e) {
    if (e instanceof AnalysisDataError) return null;
    throw e;
  }
}

export async function codingAgreement(db: Db, requested?: string[]): Promise<CodingAgreementResult> {
  const coders = await chooseCoders(db, requested);
  const units = await pairableUnits(db, coders);
  const overallRatings = coders.map((c) => units.map((u) => u.byCoder.get(c)?.join('+') ?? null));
  const complete = units.filter((u) => coders.every((c) => u.byCoder.has(c))).length;
  const kappaKind = coders.length === 2 ? 'cohen' : 'fleiss';
  if (units.length === 0) {
    return { coders, units: 0, completeUnits: 0, overall: { percent: NaN, kappa: null, alpha: null }, codes: [], kappaKind };
  }
  const overall = { percent: percentAgreement(overallRatings), kappa: kappaOf(overallRatings), alpha: finiteOrNull(krippendorffAlphaNominal(overallRatings)) };
  const paths = new Map((await db.all<{ code_id: string; path: string }>(`WITH RECURSIVE ${TREE_CTE} SELECT code_id, path FROM tree`)).map((r) => [r.code_id, r.path]));
  const used = [...new Set(units.flatMap((u) => [...u.byCoder.values()].flat()))].sort((a, b) => (paths.get(a) ?? a).localeCompare(paths.get(b) ?? b));
  const codes = used.map((codeId) => {
    const ratings = coders.map((c) => units.map((u) => {
      const v = u.byCoder.get(c);
      return v === undefined ? null : v.includes(codeId) ? '1' : '0';
    }));
    const n = units.filter((u) => [...u.byCoder.values()].some((v) => v.includes(codeId))).length;
    return { code: paths.get(codeId) ?? codeId, codeId, n, percent: percentAgreement(ratings), kappa: kappaOf(ratings) };
  });
  return { coders, units: units.length, completeUnits: complete, overall, codes, kappaKind };
}

export async function disagreements(db: Db, q: { coders?: string[]; codeId?: string; offset?: number; limit?: number }): Promise<{ total: number; rows: Disagreement[] }> {
  const coders = await chooseCoders(db, q.coders);
  const units = (await pairableUnits(db, coders)).filter((u) => {
    const sets = [...u.byCoder.values()].map((v) => v.join('+'));
    if (new Set(sets).size < 2) return false;
    if (!q.codeId) return true;
    const has = [...u.byCoder.values()].map((v) => v.includes(q.codeId!));
    return has.some(Boolean) && !has.every(Boolean);
  });
  const page = units.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 200));
  const texts = new Map<string, { text: string; resolved: string[] | null }>();
  if (page.length) {
    const rows = await db.all<{ k: string; text: string; resolved: string[] | null }>(`
      WITH ${EFFECTIVE_CTES},
      keys AS (SELECT unnest(?::VARCHAR[]) AS conversation_id, unnest(?::INTEGER[]) AS turn, unnest(?::INTEGER[]) AS sentence_index),
      cons AS (SELECT conversation_id, turn, sentence_index, list(DISTINCT code_id ORDER BY code_id) AS codes FROM effective WHERE coder = ? GROUP BY ALL)
      SELECT k.conversation_id || chr(0) || k.turn || chr(0) || k.sentence_index AS k, s.text,
        CASE WHEN n.sentence_key IS NOT NULL THEN []::VARCHAR[] ELSE cons.codes END AS resolved
      FROM keys k JOIN sentences s USING (conversation_id, turn, sentence_index) LEFT JOIN cons USING (conversation_id, turn, sentence_index)
        LEFT JOIN coding_no_code n USING (conversation_id, turn, sentence_index)`,
    [listValue(page.map((u) => u.conversationId)), listValue(page.map((u) => u.turn)), listValue(page.map((u) => u.sentenceIndex)), CONSENSUS_CODER]);
    for (const r of rows) texts.set(r.k, { text: r.text, resolved: r.resolved });
  }
  return {
    total: units.length,
    rows: page.map((u) => {
      const t = texts.get(`${u.conversationId}\u0000${u.turn}\u0000${u.sentenceIndex}`);
      return { conversationId: u.conversationId, turn: u.turn, sentenceIndex: u.sentenceIndex, text: t?.text ?? '', byCoder: Object.fromEntries(u.byCoder), resolved: t?.resolved ?? null };
    }),
  };
}
