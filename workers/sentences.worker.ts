import { splitSentences } from '../main/text/sentences.js';
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

export const api = { split };
export type SentencesWorker = typeof api;
exposeWorker(api);
