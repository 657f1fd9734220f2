// Composes one conversation as a small dialogue-act planner: the seeker opens with the scenario's starter;
// each supporter message picks one to a few acts (taxonomy categories, frequencies following the
// conversation's scores) and realises each as one sentence from the paraphrase banks, with leads, tails
// and slots filled only from what the seeker has told so far; the seeker then reacts to those acts
// (seeker.ts). Every supporter sentence keeps its category: the message is checked to split back into
// exactly its labelled units.

import { DIMENSIONS, SCENARIO_TYPE, type Scenario } from '../main/domain/study.js';
import { splitSentences } from '../main/text/sentences.js';
import { banksFor, type BankEntry } from './phrase-banks.js';
import { KNOW_LEADS, QUESTION_LEADS, QUESTION_TAILS, STATEMENT_LEADS, STATEMENT_TAILS } from './phrases/tails.js';
import type { Random } from './prng.js';
import { CONVERSATION_STARTERS } from './seeker-stories.js';
import { Seeker } from './seeker.js';
import { vary } from './paraphrase.js';
import { roughen } from './surface.js';
import { compileTemplate, fillTemplate, type SlotTable, type Template } from './templates.js';
import { categoriesFor, isQuestionCategory, LEVEL1_SCALE, scoreMultiplier, strengthOf, type Category } from './taxonomy.js';

export interface Turn {
  role: 'seeker' | 'supporter';
  text: string;
  /** Category id of each sentence (supporter turns only). */
  labels: string[] | null;
}

export interface ConversationShape {
  /** Number of supporter messages. */
  supporterTurns: number;
  /** Whether the seeker has the last word. */
  endsWithSeeker: boolean;
  /** Mean sentence units per supporter message for this conversation. */
  sentencesPerMessage: number;
}

/** Mean units per supporter message over the study (29,520 / 16,975 in the paper) and per-person spread. */
export const UNITS_PER_MESSAGE = 1.74;
const MEAN_VERBOSITY = 4.6;

/** Message counts: 3-9 supporter turns (mean 5.85), the seeker answering the last one 30% of the time. */
export function drawShape(rng: Random, verbosity: number): ConversationShape {
  let supporterTurns = 3;
  for (let i = 0; i < 6; i++) if (rng.bernoulli(0.475)) supporterTurns++;
  return { supporterTurns, endsWithSeeker: rng.bernoulli(0.3), sentencesPerMessage: (UNITS_PER_MESSAGE * verbosity) / MEAN_VERBOSITY };
}

const DIMENSION_INDEX = new Map(DIMENSIONS.map((d, i) => [d, i]));

/** Category weights of one conversation: the scenario type's base rates times the score multipliers. */
export function categoryWeights(categories: readonly Category[], scenario: Scenario, scores: ArrayLike<number>): Float64Array {
  const type = SCENARIO_TYPE[scenario];
  const w = new Float64Array(categories.length);
  categories.forEach((c, i) => {
    const m = c.driver ? scoreMultiplier(strengthOf(c, type), scores[DIMENSION_INDEX.get(c.driver)!]!) : 1;
    w[i] = c.base[type] * LEVEL1_SCALE[c.level1] * m;
  });
  return w;
}

// Openings lean on sympathy and "what happened?"; closings on availability and well-wishing.
const FIRST_MESSAGE_BOOST: Record<string, number> = { 'Affective/ES/AL': 3, 'Affective/ES/EE': 4, 'Cognitive/EE/PD': 1.5, 'Motivational/A/SVAL': 0.3 };
const LAST_MESSAGE_BOOST: Record<string, number> = { 'Affective/DA/PS': 2.5, 'Affective/DA/OH': 1.5, 'Motivational/A/PR': 1.5, 'Motivational/PR/FO': 1.5, 'Cognitive/EE/PD': 0.5 };

const KNOW_CATEGORIES = new Set(['Affective/DA/PS', 'Affective/VE/VEE', 'Motivational/A/PSW', 'Motivational/PR/N', 'Motivational/PR/FO', 'Motivational/PR/MM']);
const KNOW_STARTS = /^(You|I'm|It's|Everything|Things|He |She |Your )/;
const BARE = new Set(['Affective/ES/EE', 'Motivational/A/SVAL']);
const EXCLAIMING = new Set(['DA', 'A', 'PR']);
const NONE = { chance: 0, leads: [] as readonly string[] };

function hasThreeWords(s: string): boolean {
  const first = s.indexOf(' ');
  return first > 0 && s.indexOf(' ', first + 1) > 0;
}

/** The lead-ins a sentence of a category may take, and how often it takes one. */
export function leadsFor(sentence: string, category: string): { chance: number; leads: readonly string[] } {
  if (BARE.has(category) || !hasThreeWords(sentence)) return NONE;
  if (sentence.endsWith('?')) return isQuestionCategory(category) ? { chance: 0.3, leads: QUESTION_LEADS } : NONE;
  if (KNOW_CATEGORIES.has(category) && KNOW_STARTS.test(sentence)) return { chance: 0.4, leads: KNOW_LEADS };
  return { chance: 0.35, leads: STATEMENT_LEADS };
}

export function withLead(lead: string, sentence: string): string {
  // Keep "I", "I'm", "OMG" and the like capitalised.
  if (/^(I\b|I'|[A-Z]{2})/.test(sentence)) return lead + sentence;
  return lead + sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

const compiledTails = new Map<string, Template[]>();
function tailsFor(category: Category, question: boolean): Template[] {
  const key = question ? '?' : `${category.level1}/${category.level2}`;
  let list = compiledTails.get(key);
  if (!list) compiledTails.set(key, (list = (question ? QUESTION_TAILS : STATEMENT_TAILS[key] ?? []).map(compileTemplate)));
  return list;
}

/** A tail goes before the final mark of a sentence long enough not to read as a fragment. */
function withTail(rng: Random, sentence: string, category: Category, slots: SlotTable): string {
  if (BARE.has(category.id) || !hasThreeWords(sentence) || /,[^,]*$/.test(sentence.slice(-12))) return sentence;
  const question = sentence.endsWith('?');
  if (question && !isQuestionCategory(category.id)) return sentence;
  const tails = tailsFor(category, question);
  if (tails.length === 0 || !rng.bernoulli(0.6)) return sentence;
  const tail = fillTemplate(tails[rng.int(tails.length)]!, rng, slots);
  return sentence.slice(0, -1) + tail + sentence.slice(-1);
}

function realise(rng: Random, template: Template, category: Category, slots: SlotTable): string {
  const plain = fillTemplate(template, rng, slots);
  let s = vary(rng, withTail(rng, plain, category, slots));
  const { chance, leads } = leadsFor(s, category.id);
  if (leads.length > 0 && rng.float() < chance) s = withLead(rng.pick(leads), s);
  // Warm statements sometimes end with an exclamation mark.
  if (EXCLAIMING.has(category.level2) && s.endsWith('.') && rng.bernoulli(0.15)) s = s.slice(0, -1) + '!';
  else if (BARE.has(category.id) && rng.bernoulli(0.3)) s = s.replace(/[.!?]$/, rng.pick(['!', '..', '...', '!!', '.']));
  return splitSentences(s).length === 1 ? s : plain;
}

/** Units per supporter message: 1 plus a binomial count around the conversation's mean, at most 5. */
function drawUnitCount(rng: Random, mean: number): number {
  const p = Math.min(0.9, Math.max(0, (mean - 1) / 4));
  let n = 1;
  for (let i = 0; i < 4; i++) if (rng.bernoulli(p)) n++;
  return n;
}

/** The whole conversation, turn by turn. */
export function composeConversation(rng: Random, scenario: Scenario, scores: ArrayLike<number>, shape: ConversationShape): Turn[] {
  const categories = categoriesFor(scenario);
  const banks = banksFor(scenario);
  const entries: (readonly BankEntry[])[] = categories.map((c) => banks.byCategory.get(c.id) ?? []);
  const base = categoryWeights(categories, scenario, scores);
  const boosted = (boost: Record<string, number>) => base.map((w, i) => w * (boost[categories[i]!.id] ?? 1));
  const firstWeights = boosted(FIRST_MESSAGE_BOOST);
  const lastWeights = boosted(LAST_MESSAGE_BOOST);
  const usedTemplates = new Set<number>();
  const seeker = new Seeker(rng, scenario);

  const turns: Turn[] = [{ role: 'seeker', text: CONVERSATION_STARTERS[scenario], labels: null }];
  for (let m = 0; m < shape.supporterTurns; m++) {
    const weights = m === 0 ? firstWeights : m === shape.supporterTurns - 1 ? lastWeights : base;
    const n = drawUnitCount(rng, shape.sentencesPerMessage);
    const slots: SlotTable = { ...banks.slots, ...seeker.factSlots() };
    const picked: { category: Category; text: string }[] = [];
    let questions = 0;
    for (let attempt = 0; picked.length < n && attempt < n * 4; attempt++) {
      const ci = rng.weighted(weights);
      const category = categories[ci]!;
      const bank = entries[ci]!;
      if (bank.length === 0) continue;
      // A category once per message, and no more than one question.
      if (picked.some((p) => p.category.id === category.id)) continue;
      if (isQuestionCategory(category.id) && questions >= 1) continue;
      const keyOf = (e: BankEntry) => ci * 1000 + e.index;
      let entry = rng.pick(bank);
      for (let retry = 0; retry < 3 && usedTemplates.has(keyOf(entry)); retry++) entry = rng.pick(bank);
      const key = keyOf(entry);
      if (usedTemplates.has(key) && bank.length > 1 && attempt < n * 3) continue;
      usedTemplates.add(key);
      if (isQuestionCategory(category.id)) questions++;
      picked.push({ category, text: realise(rng, entry.template, category, slots) });
    }
    if (picked.length === 0) {
      const ci = categories.findIndex((c) => c.level3 === 'SVAL');
      picked.push({ category: categories[ci]!, text: fillTemplate(entries[ci]![0]!.template, rng, slots) });
    }
    // Stable sort: exclamations and sympathy first, questions last.
    picked.sort((a, b) => a.category.order - b.category.order);
    const labels = picked.map((p) => p.category.id);
    const clean = picked.map((p) => p.text).join(' ');
    const rough = roughen(rng, clean);
    const text = rough !== clean && splitSentences(rough).length === labels.length ? rough : clean;
    if (splitSentences(text).length !== labels.length) throw new Error(`demo generator: "${text}" does not split into ${labels.length} sentences`);
    turns.push({ role: 'supporter', text, labels });
    const lastSupporter = m === shape.supporterTurns - 1;
    if (!lastSupporter || shape.endsWithSeeker) turns.push({ role: 'seeker', text: seeker.reply(labels, lastSupporter), labels: null });
  }
  return turns;
}
