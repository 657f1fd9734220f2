// Composes one conversation: the seeker opens with the scenario's starter, the supporter answers with
// sentences drawn from the category banks (category frequencies follow the conversation's scores),
// and the seeker reacts to what the supporter just did and tells the next part of the story.

import { DIMENSIONS, SCENARIO_TYPE, type Scenario } from '../main/domain/study.js';
import { banksFor, type BankEntry } from './phrase-banks.js';
import type { Random } from './prng.js';
import { CLOSINGS, CONVERSATION_STARTERS, REACTIONS, STORY_BEATS, TOPICS, type Move, type Topic } from './seeker-stories.js';
import { fillTemplate } from './templates.js';
import { categoriesFor, isQuestionCategory, SCORE_MULTIPLIER, type Category } from './taxonomy.js';

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
  /** Mean sentences per supporter message for this conversation. */
  sentencesPerMessage: number;
}

/** Message counts: 3-9 supporter turns (mean 5.7), the seeker answering the last one 30% of the time. */
export function drawShape(rng: Random, verbosity: number): ConversationShape {
  let supporterTurns = 3;
  for (let i = 0; i < 6; i++) if (rng.bernoulli(0.45)) supporterTurns++;
  return { supporterTurns, endsWithSeeker: rng.bernoulli(0.3), sentencesPerMessage: verbosity };
}

const DIMENSION_INDEX = new Map(DIMENSIONS.map((d, i) => [d, i]));

/** Category weights of one conversation: the scenario type's base rates times the score multipliers. */
export function categoryWeights(categories: readonly Category[], scenario: Scenario, scores: ArrayLike<number>): Float64Array {
  const type = SCENARIO_TYPE[scenario];
  const w = new Float64Array(categories.length);
  categories.forEach((c, i) => {
    let m = 1;
    if (c.driver) m = SCORE_MULTIPLIER[c.strength][scores[DIMENSION_INDEX.get(c.driver)!]! - 1]!;
    w[i] = c.base[type] * m;
  });
  return w;
}

// Openings lean on sympathy and "what happened?"; closings on availability and well-wishing.
const FIRST_MESSAGE_BOOST: Record<string, number> = { 'Affective/ES/AL': 3, 'Affective/ES/EE': 4, 'Cognitive/EE/PD': 1.5, 'Motivational/A/SVAL': 0.3 };
const LAST_MESSAGE_BOOST: Record<string, number> = { 'Affective/DA/PS': 2.5, 'Affective/DA/OH': 1.5, 'Motivational/A/PR': 1.5, 'Motivational/PR/FO': 1.5, 'Cognitive/EE/PD': 0.5 };

// Lead-ins that keep a sentence one sentence: statements may open with a softener, questions with a
// polite preface, reassurances also with "I just want you to know".
const STATEMENT_LEADS = ['Honestly, ', 'And ', 'You know, ', 'Really, ', 'I mean, '];
const QUESTION_LEADS = ["If you don't mind me asking, ", 'Can I ask, ', "I'm curious, ", 'And ', 'So '];
const KNOW_LEADS = ['I just want you to know ', 'I just want you to know ', 'I want you to know ', ...STATEMENT_LEADS];
const KNOW_CATEGORIES = new Set(['Affective/DA/PS', 'Affective/VE/VEE', 'Motivational/A/PSW', 'Motivational/PR/N', 'Motivational/PR/FO', 'Motivational/PR/MM']);
const KNOW_STARTS = /^(You|I'm|It's|Everything|Things|He |She |Your )/;
const NO_LEAD = new Set(['Affective/ES/EE', 'Motivational/A/SVAL']);
const NONE = { chance: 0, leads: [] as readonly string[] };

function hasThreeWords(s: string): boolean {
  const first = s.indexOf(' ');
  return first > 0 && s.indexOf(' ', first + 1) > 0;
}

/** The lead-ins a sentence of a category may take, and how often it takes one. */
export function leadsFor(sentence: string, category: string): { chance: number; leads: readonly string[] } {
  if (NO_LEAD.has(category) || !hasThreeWords(sentence)) return NONE;
  if (sentence.endsWith('?')) return isQuestionCategory(category) ? { chance: 0.3, leads: QUESTION_LEADS } : NONE;
  if (KNOW_CATEGORIES.has(category) && KNOW_STARTS.test(sentence)) return { chance: 0.4, leads: KNOW_LEADS };
  return { chance: 0.15, leads: STATEMENT_LEADS };
}

export function withLead(lead: string, sentence: string): string {
  // Keep "I", "I'm", "OMG" and the like capitalised.
  if (/^(I\b|I'|[A-Z]{2})/.test(sentence)) return lead + sentence;
  return lead + sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

function decorate(rng: Random, sentence: string, category: string): string {
  const { chance, leads } = leadsFor(sentence, category);
  if (leads.length === 0 || rng.float() >= chance) return sentence;
  return withLead(rng.pick(leads), sentence);
}

/** Sentences per supporter message: 1..8 around the conversation's mean. */
function drawSentenceCount(rng: Random, mean: number): number {
  // Poisson-like spread: sum of Bernoullis over 8 slots.
  const p = Math.min(0.95, Math.max(0.05, (mean - 1) / 7));
  let n = 1;
  for (let i = 0; i < 7; i++) if (rng.bernoulli(p)) n++;
  return n;
}

function moveOf(labels: readonly string[]): { move: Move; topic: Topic | null } {
  for (let i = labels.length - 1; i >= 0; i--) {
    const id = labels[i]!;
    if (!isQuestionCategory(id)) continue;
    const topic: Topic =
      id === 'Cognitive/EE/PEE' ? 'feeling' : id === 'Cognitive/EE/PSR' ? 'reflection' : id === 'Cognitive/EE/PSS' ? 'support' : 'event';
    return { move: 'question', topic };
  }
  const has = (prefix: string) => labels.some((l) => l.startsWith(prefix));
  if (has('Misattuned/AG/')) return { move: 'advice', topic: null };
  if (has('Misattuned/SO/')) return { move: 'self', topic: null };
  if (has('Misattuned/DE/')) return { move: 'dismissed', topic: null };
  if (has('Affective/VE/') || has('Affective/ES/') || has('Cognitive/DU/') || has('Motivational/PR/N')) return { move: 'validated', topic: null };
  return { move: 'neutral', topic: null };
}

class Seeker {
  private readonly unused: Map<Topic, string[]>;
  private readonly saidReactions = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly scenario: Scenario,
  ) {
    this.unused = new Map(TOPICS.map((t) => [t, [...STORY_BEATS[scenario][t]]]));
  }

  private beat(topic: Topic | null): string {
    const order: Topic[] = [];
    if (topic) order.push(topic, topic === 'event' ? 'person' : 'event');
    // Otherwise the story moves on roughly in order: what happened, how it feels, what worries.
    for (const t of TOPICS) if (!order.includes(t)) order.push(t);
    if (!topic && this.rng.bernoulli(0.5)) this.rng.shuffle(order);
    for (const t of order) {
      const left = this.unused.get(t)!;
      if (left.length > 0) return left.splice(this.rng.int(left.length), 1)[0]!;
    }
    return this.rng.pick(STORY_BEATS[this.scenario][this.rng.pick(TOPICS)]);
  }

  /** A reaction to the move, not repeating an earlier one while fresh ones are left. */
  private reaction(move: Move): string {
    const options = REACTIONS[move];
    let r = this.rng.pick(options);
    for (let i = 0; i < 4 && this.saidReactions.has(r); i++) r = this.rng.pick(options);
    this.saidReactions.add(r);
    return r;
  }

  reply(labels: readonly string[], last: boolean): string {
    const { move, topic } = moveOf(labels);
    const parts: string[] = [];
    if (move !== 'question' || this.rng.bernoulli(0.35)) parts.push(this.reaction(move));
    if (last) {
      parts.push(this.rng.pick(CLOSINGS));
    } else {
      parts.push(this.beat(topic));
      if (parts.length < 2 || this.rng.bernoulli(0.4)) parts.push(this.beat(null));
    }
    return parts.join(' ');
  }
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
    const n = drawSentenceCount(rng, shape.sentencesPerMessage);
    const picked: { category: Category; text: string }[] = [];
    let questions = 0;
    for (let attempt = 0; picked.length < n && attempt < n * 4; attempt++) {
      const ci = rng.weighted(weights);
      const category = categories[ci]!;
      const bank = entries[ci]!;
      if (bank.length === 0) continue;
      // One exclamation or short affirmation per message at most, and no more than two questions.
      if ((category.order === 0 || category.level3 === 'SVAL') && picked.some((p) => p.category.id === category.id)) continue;
      if (isQuestionCategory(category.id) && questions >= 2) continue;
      const keyOf = (e: BankEntry) => ci * 1000 + e.index;
      let entry = rng.pick(bank);
      for (let retry = 0; retry < 3 && usedTemplates.has(keyOf(entry)); retry++) entry = rng.pick(bank);
      const key = keyOf(entry);
      if (usedTemplates.has(key) && bank.length > 1 && attempt < n * 3) continue;
      usedTemplates.add(key);
      if (isQuestionCategory(category.id)) questions++;
      picked.push({ category, text: decorate(rng, fillTemplate(entry.template, rng, banks.slots), category.id) });
    }
    if (picked.length === 0) {
      const ci = categories.findIndex((c) => c.level3 === 'SVAL');
      picked.push({ category: categories[ci]!, text: fillTemplate(entries[ci]![0]!.template, rng, banks.slots) });
    }
    // Stable sort: exclamations and sympathy first, questions last.
    picked.sort((a, b) => a.category.order - b.category.order);
    const labels = picked.map((p) => p.category.id);
    turns.push({ role: 'supporter', text: picked.map((p) => p.text).join(' '), labels });
    const lastSupporter = m === shape.supporterTurns - 1;
    if (!lastSupporter || shape.endsWithSeeker) turns.push({ role: 'seeker', text: seeker.reply(labels, lastSupporter), labels: null });
  }
  return turns;
}
