// Chat-like surface of a supporter message: now and then curly apostrophes, a lower-case start, no final
// punctuation, or one typo (a swapped, dropped or doubled letter inside a word). None of them may change how the message
// splits into sentence units; composeConversation checks that and keeps the clean text otherwise.

import type { Random } from './prng.js';

/** Per-message rates, in the range of the pilot transcripts (real chats skip capitals and full stops). */
export const SURFACE_RATES = { lowerStart: 0.08, noFinalMark: 0.12, typo: 0.02, curlyApostrophes: 0.12 };

function typo(rng: Random, text: string): string {
  // Candidate positions: a letter with letters on both sides, inside a word of 5+ letters.
  const words: [number, number][] = [];
  const re = /[A-Za-z]{5,}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push([m.index, m[0].length]);
  if (words.length === 0) return text;
  const [start, length] = words[rng.int(words.length)]!;
  const i = start + 1 + rng.int(length - 2);
  const kind = rng.int(3);
  if (kind === 0) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + text[i] + text.slice(i);
}

export function roughen(rng: Random, text: string): string {
  let out = text;
  // Phones with smart punctuation type curly apostrophes (as in three of the paper's conversation starters).
  if (rng.bernoulli(SURFACE_RATES.curlyApostrophes)) out = out.replaceAll("'", '\u2019');
  if (rng.bernoulli(SURFACE_RATES.typo)) out = typo(rng, out);
  // "I" and "I'm" stay capitalised more often than not, as on phones that autocorrect them.
  if (rng.bernoulli(SURFACE_RATES.lowerStart) && !/^I\b/.test(out)) out = out.charAt(0).toLowerCase() + out.slice(1);
  if (rng.bernoulli(SURFACE_RATES.noFinalMark) && /[.!]$/.test(out) && !/\.\.$/.test(out)) out = out.slice(0, -1);
  return out;
}
