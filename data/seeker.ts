// The seeker's side of a conversation: which facts of the backstory have been told (the supporter may
// only refer to those), and a reply to each supporter message that reacts to what it did.

import type { Scenario } from '../main/domain/study.js';
import type { Random } from './prng.js';
import { CLOSINGS, REACTIONS, SEEKER_TAGS, STORIES, TOPICS, type Fact, type Move, type Topic } from './seeker-stories.js';
import { compileTemplate, fillTemplate, type SlotTable, type Template } from './templates.js';
import { isQuestionCategory } from './taxonomy.js';

const QUESTION_TOPIC: Record<string, Topic[]> = {
  'Cognitive/EE/PD': ['event', 'person'],
  'Cognitive/EE/PEE': ['feeling', 'worry'],
  'Cognitive/EE/PSR': ['reflection', 'worry'],
  'Cognitive/EE/PSS': ['support', 'person'],
};

/** What a supporter message did, as the seeker hears it: a pushback-worthy move outranks warmth. */
export function movesOf(labels: readonly string[]): { move: Move; question: string | null } {
  const question = labels.find((l) => isQuestionCategory(l)) ?? null;
  const has = (prefix: string) => labels.some((l) => l.startsWith(prefix));
  let move: Move = question ? 'question' : 'neutral';
  if (has('Misattuned/AG/')) move = 'advice';
  else if (has('Misattuned/DE/') || has('Motivational/PR/VR')) move = 'dismissed';
  else if (has('Misattuned/SO/')) move = 'self';
  else if (has('Affective/VE/') || has('Affective/ES/AL') || has('Cognitive/DU/') || has('Affective/DA/') || has('Motivational/PR/N')) move = 'validated';
  return { move, question };
}

const compiled = new Map<string, Template>();
function template(source: string): Template {
  let t = compiled.get(source);
  if (!t) compiled.set(source, (t = compileTemplate(source)));
  return t;
}

const NO_SLOTS: SlotTable = {};

export class Seeker {
  private readonly untold: Fact[];
  private readonly told: Fact[] = [];
  private readonly said = new Set<string>();
  private readonly story;

  constructor(
    private readonly rng: Random,
    scenario: Scenario,
  ) {
    this.story = STORIES[scenario];
    this.untold = [...this.story.facts];
  }

  /** Slot values drawn only from what has been said: the starter (base) and the facts told so far. */
  factSlots(): SlotTable {
    const last = this.told[this.told.length - 1];
    return {
      recent: last ? last.refs : this.story.base.refs,
      ref: [...this.story.base.refs, ...this.told.flatMap((f) => f.refs)],
      para: [...this.story.base.paras, ...this.told.flatMap((f) => f.paras)],
    };
  }

  private say(source: string): string {
    let s = fillTemplate(template(source), this.rng, NO_SLOTS);
    for (let i = 0; i < 3 && this.said.has(s); i++) s = fillTemplate(template(source), this.rng, NO_SLOTS);
    this.said.add(s);
    return s;
  }

  private reaction(move: Move): string {
    return this.say(this.rng.pick(REACTIONS[move]));
  }

  /** Tells a new fact, preferring the given topics; when all are told, comes back to one already told. */
  private tell(topics: readonly Topic[]): string {
    let pick = -1;
    for (const t of topics) {
      const candidates = this.untold.map((f, i) => [f, i] as const).filter(([f]) => f.topic === t);
      if (candidates.length > 0) {
        pick = this.rng.pick(candidates)[1];
        break;
      }
    }
    if (pick < 0 && this.untold.length > 0) pick = this.rng.int(this.untold.length);
    if (pick < 0) {
      const again = this.rng.pick(this.told);
      return `${this.rng.pick(['Like I said, ', 'I keep coming back to it, ', 'I guess '])}${lowerFirst(this.rng.pick(again.tell))}`;
    }
    const [fact] = this.untold.splice(pick, 1);
    this.told.push(fact!);
    return this.rng.pick(fact!.tell);
  }

  reply(labels: readonly string[], last: boolean): string {
    const { move, question } = movesOf(labels);
    const parts: string[] = [];
    if (move !== 'question' && move !== 'neutral') parts.push(this.reaction(move));
    else if (this.rng.bernoulli(move === 'question' ? 0.3 : 0.5)) parts.push(this.reaction(move));
    if (last) {
      parts.push(this.say(this.rng.pick(CLOSINGS)));
      return parts.join(' ');
    }
    // A question is answered from the story; warmth opens up feelings and worries; pushback comes back to the story.
    const topics: Topic[] = question
      ? QUESTION_TOPIC[question] ?? ['event']
      : move === 'validated'
        ? ['feeling', 'worry', 'reflection']
        : move === 'advice' || move === 'dismissed'
          ? ['feeling', 'support', 'worry']
          : this.rng.shuffle([...TOPICS]);
    parts.push(this.tell(topics));
    if (this.rng.bernoulli(0.35)) parts.push(this.tell(this.rng.shuffle([...TOPICS])));
    if (this.rng.bernoulli(0.12)) parts.push(this.rng.pick(SEEKER_TAGS));
    return parts.join(' ');
  }
}

function lowerFirst(s: string): string {
  return /^(I\b|I'|[A-Z]{2})/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}
