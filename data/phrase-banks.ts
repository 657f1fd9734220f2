// Supporter sentence templates, one bank per level-3 category of the taxonomy. Own phrasings, written
// to the category descriptions; each template is exactly one sentence (Intl.Segmenter) that starts
// with a capital letter and ends with . ! or ?, so sentences can be joined into a message and split
// back one to one. A scope prefix limits a template: W workplace, P personal, or scenario codes
// JL PO UW PC PD ("JL,PO::..."). Slots {name} and choices [a|b|] are expanded by templates.ts.

import type { Scenario } from '../main/domain/study.js';
import { SCENARIO_TYPE } from '../main/domain/study.js';
import { AFFECTIVE_BANKS } from './phrases/affective.js';
import { COGNITIVE_BANKS } from './phrases/cognitive.js';
import { MISATTUNED_BANKS } from './phrases/misattuned.js';
import { MOTIVATIONAL_BANKS } from './phrases/motivational.js';
import { COMMON_SLOTS, SCENARIO_SLOTS } from './phrases/slots.js';
import { compileTemplate, type SlotTable, type Template } from './templates.js';

const SCENARIO_CODES: Record<string, Scenario> = {
  JL: 'job_loss',
  PO: 'passed_over_promotion',
  UW: 'undervalued_at_work',
  PC: 'parent_cancer',
  PD: 'parent_death',
};

export const BANKS: Record<string, readonly string[]> = { ...AFFECTIVE_BANKS, ...COGNITIVE_BANKS, ...MOTIVATIONAL_BANKS, ...MISATTUNED_BANKS };

export interface BankEntry {
  template: Template;
  /** Index of the template within its category bank (stable id for de-duplication). */
  index: number;
}

function inScope(scope: string | null, scenario: Scenario): boolean {
  if (scope === null) return true;
  return scope.split(',').some((code) => {
    if (code === 'W') return SCENARIO_TYPE[scenario] === 'workplace';
    if (code === 'P') return SCENARIO_TYPE[scenario] === 'personal';
    const s = SCENARIO_CODES[code];
    if (!s) throw new Error(`unknown scope code ${code}`);
    return s === scenario;
  });
}

function parseEntry(raw: string): { scope: string | null; text: string } {
  const sep = raw.indexOf('::');
  return sep < 0 ? { scope: null, text: raw } : { scope: raw.slice(0, sep), text: raw.slice(sep + 2) };
}

export interface ScenarioBanks {
  slots: SlotTable;
  /** Templates usable in this scenario, by category id. */
  byCategory: ReadonlyMap<string, readonly BankEntry[]>;
}

const cache = new Map<Scenario, ScenarioBanks>();

export function banksFor(scenario: Scenario): ScenarioBanks {
  let banks = cache.get(scenario);
  if (!banks) {
    const byCategory = new Map<string, BankEntry[]>();
    for (const [id, raws] of Object.entries(BANKS)) {
      const entries: BankEntry[] = [];
      raws.forEach((raw, index) => {
        const { scope, text } = parseEntry(raw);
        if (inScope(scope, scenario)) entries.push({ template: compileTemplate(text), index });
      });
      byCategory.set(id, entries);
    }
    banks = { slots: { ...COMMON_SLOTS, ...SCENARIO_SLOTS[scenario] }, byCategory };
    cache.set(scenario, banks);
  }
  return banks;
}
