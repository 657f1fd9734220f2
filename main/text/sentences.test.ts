import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fastSegments, intlSegments, isTrimmed, sentenceSpans, splitSentences } from './sentences.js';
import { mulberry32 } from '../analysis/index.js';

const corpora = resolve(import.meta.dirname, '../../../shared/corpora');

function agree(texts: string[]): { checked: number; fast: number } {
  let fast = 0;
  for (const t of texts) {
    const f = fastSegments(t);
    if (!f) continue;
    fast++;
    expect(f, JSON.stringify(t)).toEqual(intlSegments(t));
  }
  return { checked: texts.length, fast };
}

describe('sentence units', () => {
  it('drops units shorter than 2 characters and trims', () => {
    expect(splitSentences('  Hi there.  How are you?\n\nOk. A')).toEqual(['Hi there.', 'How are you?', 'Ok.']);
    expect(splitSentences('')).toEqual([]);
  });

  it('the fast path agrees with Intl.Segmenter on random strings over its whole alphabet', () => {
    const alphabet = 'aZb9 .!?,;:\'"()-\n [a.B]x\t‘’“”–—';
    const rnd = mulberry32(7);
    const texts: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      let s = '';
      const len = 1 + Math.floor(rnd() * 24);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      texts.push(s);
    }
    expect(agree(texts).fast).toBe(texts.length);
  });

  it('the fast path agrees with Intl.Segmenter on real support messages (ESConv, EPITOME, Lend an Ear pilot)', () => {
    const texts: string[] = [];
    const esconv = resolve(corpora, 'esconv/FailedESConv.json');
    for (const s of JSON.parse(readFileSync(esconv, 'utf8'))) for (const d of s.dialog) texts.push(d.content);
    // Chat-typed ESConv turns are all inside the subset.
    expect(agree(texts).fast).toBe(texts.length);
    for (const f of ['emotional-reactions-reddit.csv', 'explorations-reddit.csv']) {
      // Whole-file lines are enough here: every line is a realistic mix of punctuation.
      texts.push(...readFileSync(resolve(corpora, 'epitome', f), 'utf8').split('\n'));
    }
    texts.push(...readFileSync(resolve(corpora, 'lend-an-ear-pilot/conversations.csv'), 'utf8').split(/\n(?=Supporter:|Seeker:)/));
    const r = agree(texts);
    expect(r.checked).toBeGreaterThan(10_000);
    // Reddit posts and CSV lines carry emoji, accents and CRs more often; those are left to ICU.
    expect(r.fast / r.checked).toBeGreaterThan(0.4);
    console.log(`sentence fast path: ${r.fast} of ${r.checked} real texts (${((100 * r.fast) / r.checked).toFixed(1)}%), all identical to Intl.Segmenter`);
  });

  it('falls back to Intl.Segmenter outside the ASCII subset', () => {
    expect(fastSegments('Je suis là. Oui?')).toBeNull();
    expect(splitSentences('Je suis là. Oui?')).toEqual(['Je suis là.', 'Oui?']);
    expect(existsSync(corpora)).toBe(true);
  });

  it('spans trim exactly what String.prototype.trim trims, and give the same units as trimming each segment', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isTrimmed(c) !== (String.fromCharCode(c).trim() === '')) differ.push(c.toString(16));
    expect(differ).toEqual([]);
    const alphabet = ['a', 'B', '.', '?', ' ', '\n', '\t', '\r', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é', '😊', '"', '!'];
    const rnd = mulberry32(11);
    for (let i = 0; i < 5_000; i++) {
      let t = '';
      const len = Math.floor(rnd() * 20);
      for (let k = 0; k < len; k++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      const byTrim = (fastSegments(t) ?? intlSegments(t)).map((s) => s.trim()).filter((u) => u.length >= 2);
      expect(splitSentences(t), JSON.stringify(t)).toEqual(byTrim);
      const spans = sentenceSpans(t);
      expect(spans.length).toBe(2 * byTrim.length);
    }
  });
});
