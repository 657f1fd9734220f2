import { sentenceSpans, splitSentences } from '../main/text/sentences.js';
import { exposeWorker, transfer } from './rpc.js';

/** Splits many messages; returns the units flat plus how many belong to each message. */
function split(texts: string[]) {
  const counts = new Int32Array(texts.length);
  const units: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const parts = splitSentences(texts[i]);
    counts[i] = parts.length;
    for (const p of parts) units.push(p);
  }
  return transfer({ counts, units }, [counts.buffer]);
}

/** The units of many messages as [start, end) UTF-16 offsets, flat, plus how many belong to each message. */
function spans(texts: string[]) {
  const counts = new Int32Array(texts.length);
  const flat: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const before = flat.length;
    sentenceSpans(texts[i], flat);
    counts[i] = (flat.length - before) / 2;
  }
  const out = Int32Array.from(flat);
  return transfer({ counts, spans: out }, [counts.buffer, out.buffer]);
}

export const api = { split, spans };
export type SentencesWorker = typeof api;
exposeWorker(api);
