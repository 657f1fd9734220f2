// What a seeker can tell: the facts of the scenario's backstory (Supplementary A), revealed turn by turn.

/** What a fact is about; a supporter question of a kind pulls a fact of the matching topic. */
export type Topic = 'event' | 'feeling' | 'person' | 'worry' | 'support' | 'reflection';
export const TOPICS: readonly Topic[] = ['event', 'feeling', 'person', 'worry', 'support', 'reflection'];

export interface Fact {
  id: string;
  topic: Topic;
  /** Ways the seeker says it, one or two sentences each (one is picked). */
  tell: readonly string[];
  /** Noun phrases a supporter may use once it is said ("that call from the hospital"). */
  refs: readonly string[];
  /** Clauses a supporter may reflect it with ("you keep replaying that missed call"). */
  paras: readonly string[];
  /** Backstory words only this fact brings in: a supporter may say them only after the seeker has. */
  keywords: readonly string[];
}

export interface Story {
  /** What the conversation starter already says: usable from the first supporter turn. */
  base: Pick<Fact, 'refs' | 'paras'>;
  facts: readonly Fact[];
}
