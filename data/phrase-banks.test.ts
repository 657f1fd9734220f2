import { describe, expect, it } from 'vitest';
import { SCENARIOS, SCENARIO_TYPE } from '../main/domain/study.js';
import { splitSentences } from '../main/text/sentences.js';
import { BANKS, banksFor } from './phrase-banks.js';
import { CATEGORIES, categoriesFor } from './taxonomy.js';
import { fillTemplateWith, templateSlots, type Template } from './templates.js';
import { leadsFor, withLead } from './transcript.js';
import { CONVERSATION_STARTERS, REACTIONS, STORY_BEATS } from './seeker-stories.js';

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
      for (const c of categoriesFor(scenario)) {
        for (const { template } of banks.byCategory.get(c.id)!) {
          for (const text of sweep(template, banks.slots as Record<string, readonly string[]>)) {
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

  it('tells each story in beats of one or two sentences and reacts in one', () => {
    for (const scenario of SCENARIOS)
      for (const beats of Object.values(STORY_BEATS[scenario]))
        for (const beat of beats) expect(splitSentences(beat).length, beat).toBeLessThanOrEqual(2);
    for (const options of Object.values(REACTIONS)) for (const r of options) expect(splitSentences(r).length, r).toBe(1);
  });
});
