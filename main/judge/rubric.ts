// The judge's rubric and the built-in prompt templates (version 1 of each). The wording is ours, written from the
// paper's definitions of the six preregistered dimensions (main text, "LLM-as-judge" paragraph; Methods,
// "Communication Coach") and the Supplementary G pairwise question. Templates are copied into the workspace
// (judge_prompt_templates) on first use; edits there become new versions and never change these defaults.

import { DIMENSIONS, DIMENSION_LABELS, type Dimension } from '../domain/study.js';

export type TemplateKind = 'scores' | 'dimension' | 'pairwise';

export const SCALE_TEXT = '1 = not at all, 2 = slightly, 3 = moderately, 4 = considerably, 5 = very much';

/** One paragraph per dimension: what counts, with the kind of wording that signals it. */
export const DIMENSION_DEFINITIONS: Record<Dimension, string> = {
  encouraging_elaboration:
    'The Supporter invites the Seeker to say more about what happened and how they feel: open questions ("What has that been like for you?", ' +
    '"What worries you most?") and explicit invitations ("Tell me more", "I\'m here if you want to talk about it"). Closed yes/no ' +
    'questions invite less; questions that only steer toward a fix count for little.',
  validating_emotions:
    'The Supporter acknowledges the Seeker\'s feelings and treats them as understandable and legitimate ("It makes sense that you ' +
    'feel hurt", "Anyone would be frustrated by that"), rather than judging, correcting or skipping past them.',
  demonstrating_understanding:
    'The Supporter shows they have grasped the Seeker\'s situation and feelings by paraphrasing, reflecting or summarising what ' +
    'the Seeker said, or by naming what the Seeker seems to feel ("So after all those late nights, it feels like none of it was ' +
    'seen"). Generic sympathy alone ("that\'s hard") shows little understanding.',
  advice_giving:
    'The Supporter offers unsolicited advice: tells the Seeker what to do, proposes solutions, plans or next steps, or pushes a ' +
    'course of action, without the Seeker having asked for advice or agreed to hear it. Advice given after the Seeker asks for it ' +
    'does not count.',
  self_oriented:
    'The Supporter shifts the focus away from the Seeker and onto themselves: their own experiences, stories, opinions or feelings ' +
    '("Been there, done that", "When that happened to me...") in a way that takes attention away from the Seeker\'s experience.',
  dismissing_emotions:
    'The Supporter minimises, dismisses or invalidates the Seeker\'s feelings: tells them not to feel that way, to calm down, look ' +
    'on the bright side, move on or not dwell on it, or implies the problem is not that bad ("It\'s not the end of the world").',
};

const dimensionList = DIMENSIONS.map((d, i) => `${i + 1}. ${d} (${DIMENSION_LABELS[d]}): ${DIMENSION_DEFINITIONS[d]}`).join('\n');

const SCORES_SYSTEM = `You rate empathic communication in text conversations. In each conversation a Seeker shares a personal or workplace trouble and a Supporter replies, trying to help the Seeker feel heard. Rate only what the Supporter wrote; the Seeker's messages are context.

Rate how much the Supporter showed each of the six behaviours below across the whole conversation, on this scale: ${SCALE_TEXT}.

The first three are helpful (prescriptive); the last three are unhelpful (proscriptive). Rate every behaviour on its own: one conversation can score high on a helpful and an unhelpful behaviour at once. Judge the words on the page, not the Supporter's apparent intentions, and do not reward length for its own sake.

${dimensionList}

For each behaviour return: "evidence", a short verbatim quote from the Supporter's messages that best supports your rating (an empty string if there is none); "rationale", one or two sentences explaining the rating; and "score", an integer from 1 to 5. Reply with the JSON object only.`;

const SCORES_USER = `Conversation:
{{conversation}}`;

const DIMENSION_SYSTEM = `You rate empathic communication in text conversations. In each conversation a Seeker shares a personal or workplace trouble and a Supporter replies, trying to help the Seeker feel heard. Rate only what the Supporter wrote; the Seeker's messages are context.

Rate one behaviour: {{dimension_label}}. {{dimension_definition}}

How much did the Supporter do this across the whole conversation? Use this scale: ${SCALE_TEXT}. Judge the words on the page, not the Supporter's apparent intentions, and do not reward length for its own sake.

Return "evidence", a short verbatim quote from the Supporter's messages that best supports your rating (an empty string if there is none); "rationale", one or two sentences explaining the rating; and "score", an integer from 1 to 5. Reply with the JSON object only.`;

const DIMENSION_USER = `Conversation:
{{conversation}}`;

const PAIRWISE_SYSTEM = `You compare two text conversations. In each, a Seeker shares a difficult situation and a Supporter tries to communicate empathically. Decide which conversation would leave the Seeker feeling more heard and understood by the Supporter. Judge only the Supporter's side; ignore which conversation is shown first, and do not prefer a conversation for being longer. Reply with the JSON object {"choice": "A"} or {"choice": "B"}.`;

const PAIRWISE_USER = `Conversation A:
{{conversation_a}}

Conversation B:
{{conversation_b}}

Which conversation would make the Seeker feel more heard and understood? Answer "A" or "B".`;

export interface BuiltinTemplate {
  templateId: string;
  kind: TemplateKind;
  name: string;
  system: string;
  user: string;
  note: string;
}

export const BUILTIN_TEMPLATES: BuiltinTemplate[] = [
  {
    templateId: 'default-scores', kind: 'scores', name: 'Six dimensions in one call',
    system: SCORES_SYSTEM, user: SCORES_USER,
    note: 'Built-in v1: all six dimensions, 1-5, with evidence quote and rationale each (structured output).',
  },
  {
    templateId: 'default-dimension', kind: 'dimension', name: 'One dimension per call',
    system: DIMENSION_SYSTEM, user: DIMENSION_USER,
    note: 'Built-in v1: one call per conversation and dimension; {{dimension_label}} and {{dimension_definition}} are filled in.',
  },
  {
    templateId: 'default-pairwise', kind: 'pairwise', name: 'Forced choice A/B (Supplementary G)',
    system: PAIRWISE_SYSTEM, user: PAIRWISE_USER,
    note: 'Built-in v1: which of two conversations of one scenario makes the Seeker feel more heard and understood.',
  },
];

export const DEFAULT_TEMPLATE_ID: Record<TemplateKind, string> = {
  scores: 'default-scores',
  dimension: 'default-dimension',
  pairwise: 'default-pairwise',
};

/** Placeholders each kind of template may use; rendering leaves unknown `{{…}}` untouched. */
export const TEMPLATE_PLACEHOLDERS: Record<TemplateKind, string[]> = {
  scores: ['conversation'],
  dimension: ['conversation', 'dimension', 'dimension_label', 'dimension_definition'],
  pairwise: ['conversation_a', 'conversation_b'],
};

export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (m, name: string) => (name in vars ? vars[name] : m));
}

const scoreItem = {
  type: 'object',
  properties: {
    evidence: { type: 'string' },
    rationale: { type: 'string' },
    score: { type: 'integer', enum: [1, 2, 3, 4, 5] },
  },
  required: ['evidence', 'rationale', 'score'],
  additionalProperties: false,
} as const;

/** JSON schemas for structured outputs (`response_format: json_schema`, strict). */
export function responseSchema(kind: TemplateKind): { name: string; schema: Record<string, unknown> } {
  if (kind === 'scores') {
    return {
      name: 'empathic_communication_scores',
      schema: {
        type: 'object',
        properties: Object.fromEntries(DIMENSIONS.map((d) => [d, scoreItem])),
        required: [...DIMENSIONS],
        additionalProperties: false,
      },
    };
  }
  if (kind === 'dimension') return { name: 'empathic_communication_dimension_score', schema: scoreItem as unknown as Record<string, unknown> };
  return {
    name: 'pairwise_choice',
    schema: { type: 'object', properties: { choice: { type: 'string', enum: ['A', 'B'] } }, required: ['choice'], additionalProperties: false },
  };
}
