import { describe, expect, it } from 'vitest';
import type { ThemeRow, ThemeShift } from '../../main/api/contract/index.js';
import { EMPTY_FORM, toSpec } from './embedding-spec.js';
import { themeName, themesCsv, strongestShift } from './theme-format.js';
import { INITIAL_TRAIN_FORM, parseLatents, toTrainArgs } from './train-form.js';

const shift = (scenarioType: string, q: number, diff: number): ThemeShift => ({
  scenarioType, pre: 0.2, post: 0.2 + diff, diff, ci: [diff - 0.1, diff + 0.1], z: 1, p: q / 2, q, nPre: 10, nPost: 10, countPre: 2, countPost: 3,
});
const row = (latent: number, description: string | null, shifts: ThemeShift[]): ThemeRow => ({
  latent, label: `L${latent}`, description, descriptionSource: description ? 'human' : null, countTop1: 3, shareTop1: 0.25, countAny: 5, shareAny: 0.5,
  topSentences: description ? [{ conversationId: 'c1', turn: 1, sentenceIndex: 0, text: 'Tell me, "more"', activation: 1.5, rank: 1, condition: 'coach', round: 2 }] : [],
  shifts,
});

describe('theme table export and display', () => {
  it('names an undescribed theme by its latent', () => {
    expect(themeName(row(17, null, []))).toBe('L17 — no description yet');
    expect(themeName(row(3, 'Advice', []))).toBe('Advice');
  });

  it('picks the shift with the smallest q', () => {
    expect(strongestShift([shift('personal', 0.4, 0.1), shift('workplace', 0.02, -0.2)])?.scenarioType).toBe('workplace');
    expect(strongestShift([])).toBeNull();
  });

  it('writes one CSV row per theme with its strongest shift, quoting text', () => {
    const csv = themesCsv([row(0, 'Advice, practical', [shift('personal', 0.4, 0.1), shift('workplace', 0.02, -0.2)]), row(1, null, [])]);
    expect(csv.split('\n')).toEqual([
      'latent,label,description,description_source,count_top1,share_top1,count_any,share_any,top_sentence,shift_scenario_type,shift_pre,shift_post,shift_diff,shift_q',
      '0,L0,"Advice, practical",human,3,0.25,5,0.5,"Tell me, ""more""",workplace,0.2,0,-0.2,0.02',
      '1,L1,,,3,0.25,5,0.5,,,,,,',
      '',
    ]);
  });
});

describe('forms -> API arguments', () => {
  it('sends the offline lexical stand-in with only what was typed', () => {
    expect(toSpec(EMPTY_FORM)).toEqual({ provider: 'offline', dimensions: undefined, label: undefined });
    expect(toSpec({ ...EMPTY_FORM, provider: 'openai', model: ' text-embedding-3-small ', dimensions: '256', baseUrl: 'http://127.0.0.1:9/v1' }))
      .toEqual({ provider: 'openai', model: 'text-embedding-3-small', dimensions: 256, baseUrl: 'http://127.0.0.1:9/v1', label: undefined });
    expect(toSpec({ ...EMPTY_FORM, provider: 'import', file: '/x/v.npy', keys: '/x/k.csv' })).toEqual({ provider: 'import', file: '/x/v.npy', keys: '/x/k.csv', model: undefined, label: undefined });
  });

  it('starts with the paper\'s grid and refuses a malformed latents list', () => {
    expect(parseLatents(INITIAL_TRAIN_FORM.latents)).toEqual([16, 32, 64, 128, 256]);
    expect(parseLatents('8, 16 32')).toEqual([8, 16, 32]);
    expect(parseLatents('8,x')).toBeNull();
    expect(parseLatents('1')).toBeNull();
    expect(toTrainArgs({ ...INITIAL_TRAIN_FORM, embeddingSetId: 'e1' })).toEqual({
      embeddingSetId: 'e1', latents: [16, 32, 64, 128, 256], k: 2, seed: 1, scenarioTypes: ['all', 'personal', 'workplace'], maxEpochs: undefined,
    });
    expect(toTrainArgs(INITIAL_TRAIN_FORM)).toBeNull(); // no embedding set
    expect(toTrainArgs({ ...INITIAL_TRAIN_FORM, embeddingSetId: 'e1', scenarioTypes: [] })).toBeNull();
  });
});
