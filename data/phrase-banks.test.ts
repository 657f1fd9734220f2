import { describe, expect, it } from 'vitest';
import { SCENARIOS, SCENARIO_TYPE } from '../main/domain/study.js';
import { splitSentences } from '../main/text/sentences.js';
import { BANKS, banksFor } from './phrase-banks.js';
import { CATEGORIES, categoriesFor } from './taxonomy.js';
import { fillTemplateWith, templateSlots, type Template } from './templates.js';
import { leadsFor, withLead } from './transcript.js';
import { CLOSINGS, CONVERSATION_STARTERS, REACTIONS, STORIES } from './seeker-stories.js';
import { compileTemplate } from './templates.js';
import { COMMON_SLOTS, SCENARIO_SLOTS } from './phrases/slots.js';
import { QUESTION_TAILS, STATEMENT_TAILS } from './phrases/tails.js';

/** Enough deterministic fills that every slot value and every alternative appears at least once. */
function sweep(t: Template, slots: Record<string, readonly string[]>): string[] {
  let widest = 1;
  for (const name of templateSlots(t)) widest = Math.max(widest, slots[name]?.length ?? 0);
  const choices = (t.source.match(/\|/g)?.length ?? 0) + 2;
  const out = new Set<string>();
  for (let k = 0; k < Math.max(widest, choices) * 2; k++) out.add(fillTemplateWith(t, slots, k));
  return [...out];
}

function isOneSentence(text: string): boolean {
  const units = splitSentences(text);
  return units.length === 1 && units[0] === text;
}

describe('phrase banks', () => {
  it('has a bank for every taxonomy category and no bank without a category', () => {
    expect(new Set(Object.keys(BANKS))).toEqual(new Set(CATEGORIES.map((c) => c.id)));
  });

  it('gives every category usable in a scenario several templates there', () => {
    for (const scenario of SCENARIOS) {
      const banks = banksFor(scenario);
      for (const c of categoriesFor(scenario)) expect(banks.byCategory.get(c.id)!.length, `${scenario} ${c.id}`).toBeGreaterThanOrEqual(4);
    }
  });

  it('expands every template, in every scenario it applies to, to exactly one well-formed sentence', () => {
    let checked = 0;
    for (const scenario of SCENARIOS) {
      const banks = banksFor(scenario);
      const story = STORIES[scenario];
      const refs = [...story.base.refs, ...story.facts.flatMap((f) => f.refs)];
      const slots = { ...banks.slots, recent: refs, ref: refs, para: [...story.base.paras, ...story.facts.flatMap((f) => f.paras)] };
      for (const c of categoriesFor(scenario)) {
        for (const { template } of banks.byCategory.get(c.id)!) {
          for (const text of sweep(template, slots)) {
            checked++;
            expect(isOneSentence(text), `${c.id} "${text}"`).toBe(true);
            expect(text, c.id).toMatch(/^[A-Z][^\n]*[.!?]$/);
            expect(text, c.id).not.toMatch(/ {2}| [,.?!]/);
            // Joined with neighbours, it still splits back to one unit each.
            expect(splitSentences(`Okay. ${text} Yes.`), text).toEqual(['Okay.', text, 'Yes.']);
            const { leads } = leadsFor(text, c.id);
            for (const lead of leads) {
              const led = withLead(lead, text);
              expect(isOneSentence(led), `lead "${led}"`).toBe(true);
              expect(splitSentences(`Sure. ${led} Okay.`), led).toEqual(['Sure.', led, 'Okay.']);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('keeps scenario-specific templates within their scenario type', () => {
    for (const scenario of SCENARIOS) {
      const banks = banksFor(scenario);
      const type = SCENARIO_TYPE[scenario];
      for (const c of CATEGORIES) {
        if (c.scenarioType !== 'both' && c.scenarioType !== type) continue;
        for (const { template } of banks.byCategory.get(c.id)!) {
          if (type === 'workplace') expect(template.source, scenario).not.toMatch(/\b(mom|dad|cancer|chemo|grief|funeral)\b/i);
          else expect(template.source, scenario).not.toMatch(/\b(manager|promotion|resume|layoff|boss)\b/i);
        }
      }
    }
  });
});

describe('seeker stories', () => {
  it('opens with the exact conversation starters of Supplementary A', () => {
    expect(CONVERSATION_STARTERS.job_loss).toBe('So, I just lost my job today. I had a sense this was coming, but it’s still a shock..');
    expect(CONVERSATION_STARTERS.passed_over_promotion).toBe('I’m feeling so discouraged.. I just got passed over for the promotion I was working hard for');
    expect(CONVERSATION_STARTERS.undervalued_at_work).toBe('I’ve been working so hard but I don’t think anyone cares..');
    expect(CONVERSATION_STARTERS.parent_cancer).toBe('I still can’t believe it... my mom just got diagnosed with cancer. It feels like my whole world just flipped.');
    expect(CONVERSATION_STARTERS.parent_death).toBe("I lost my dad last week.. I still can't believe he's really gone..");
  });

  it('tells each fact in one or two sentences and reacts in one, in every surface form', () => {
    for (const scenario of SCENARIOS)
      for (const fact of STORIES[scenario].facts) for (const tell of fact.tell) expect(splitSentences(tell).length, tell).toBeLessThanOrEqual(2);
    for (const source of [...Object.values(REACTIONS).flat(), ...CLOSINGS])
      for (const text of sweep(compileTemplate(source), {})) expect(splitSentences(text), text).toEqual([text]);
  });

  it('keeps backstory details out of everything a supporter can say before the seeker tells them', () => {
    // The fact slots ({recent}, {ref}, {para}) are the only way in; templates, slot tables and tails never name a detail.
    for (const scenario of SCENARIOS) {
      const keywords = STORIES[scenario].facts.flatMap((f) => f.keywords);
      expect(keywords.length, scenario).toBeGreaterThan(3);
      const banks = banksFor(scenario);
      const said = [
        ...[...banks.byCategory.values()].flat().map((e) => e.template.source),
        ...Object.values({ ...COMMON_SLOTS, ...SCENARIO_SLOTS[scenario] }).flat(),
        ...Object.values(STATEMENT_TAILS).flat(),
        ...QUESTION_TAILS,
        ...STORIES[scenario].base.refs,
        ...STORIES[scenario].base.paras,
      ];
      for (const k of keywords) for (const text of said) expect(new RegExp(`\\b${k}\\b`, 'i').test(text), `${scenario}: "${k}" in "${text}"`).toBe(false);
      // A detail in what the supporter may say about a fact is in every way the seeker can tell it.
      for (const f of STORIES[scenario].facts)
        for (const k of keywords)
          if ([...f.refs, ...f.paras].some((r) => new RegExp(`\\b${k}\\b`, 'i').test(r)))
            for (const tell of f.tell) expect(new RegExp(`\\b${k}\\b`, 'i').test(tell), `${f.id}: "${k}" not in "${tell}"`).toBe(true);
    }
  });
});
