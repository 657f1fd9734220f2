// The two prompts of a describe run and how their answers are read. The description prompt follows HypotheSAEs'
// interpret-neuron-binary (positive and negative samples, one specific feature) with the paper's task instruction;
// the label prompt follows their annotate-simple (Yes/No, "No" when uncertain).
import { createHash } from 'node:crypto';
import { renderTemplate } from '../judge/rubric.js';
import { buildRawRequest } from './describe-llm.js';

export const DESCRIBE_SYSTEM = `You are interpreting one latent feature of a sparse autoencoder trained on sentence embeddings. {{instructions}}

You are given POSITIVE SAMPLES, sentences that strongly activate the feature, and NEGATIVE SAMPLES from the same data that do not activate it. Identify the communicative move or theme that is present in the positive samples and absent in the negative samples.

Rules:
- Describe what the sentence does or says, concretely, not an abstract label. Prefer "asks how the person is feeling right now" over "emotional support".
- Be as specific as possible while still covering all of the positive samples; do not describe something the negative samples also show.
- Answer with one short phrase (at most 15 words), nothing else.`;

export const DESCRIBE_USER = `POSITIVE SAMPLES:
----------------
{{positive_texts}}
----------------

NEGATIVE SAMPLES:
----------------
{{negative_texts}}
----------------

The feature, in one short phrase:`;

export const LABEL_SYSTEM = 'Check whether the TEXT satisfies a PROPERTY. Respond with "Yes" or "No". When uncertain, output "No". Do not include any other text in your response.';

export const LABEL_USER = `PROPERTY: "{{description}}"
TEXT: "{{text}}"
Output ("Yes" or "No" only):`;

/** Identifies the prompt text a description was made with (the templates and the task instruction). */
export function promptHash(instructions: string): string {
  return createHash('sha256').update(JSON.stringify([DESCRIBE_SYSTEM, DESCRIBE_USER, LABEL_SYSTEM, LABEL_USER, instructions])).digest('hex').slice(0, 16);
}

const bullets = (texts: string[]) => (texts.length ? texts.map((t) => `- ${oneLine(t)}`).join('\n') : '(none)');
const oneLine = (t: string) => t.replace(/\s+/g, ' ').trim();

export function describeRequest(o: { model: string; temperature: number; maxTokens: number; maxTokensField: string; instructions: string; positives: string[]; negatives: string[] }) {
  const system = renderTemplate(DESCRIBE_SYSTEM, { instructions: o.instructions });
  const user = renderTemplate(DESCRIBE_USER, { positive_texts: bullets(o.positives), negative_texts: bullets(o.negatives) });
  return buildRawRequest({ model: o.model, system, user, temperature: o.temperature, maxTokens: o.maxTokens, maxTokensField: o.maxTokensField });
}

export function labelRequest(o: { model: string; maxTokens: number; maxTokensField: string; description: string; text: string }) {
  const user = renderTemplate(LABEL_USER, { description: o.description, text: oneLine(o.text) });
  return buildRawRequest({ model: o.model, system: LABEL_SYSTEM, user, temperature: 0, maxTokens: o.maxTokens, maxTokensField: o.maxTokensField });
}

/** The description out of an answer: first line, without a list dash, quotes or a trailing full stop. Null if empty. */
export function readDescription(content: string): string | null {
  let t = content.trim();
  if (t.includes('</think>')) t = t.split('</think>').pop()!.trim();
  t = t.split('\n').map((l) => l.trim()).find((l) => l) ?? '';
  t = t.replace(/^[-*•]\s*/, '').replace(/^(feature|theme|description)\s*:\s*/i, '').replace(/^["'“”]+|["'“”]+$/g, '').replace(/\.$/, '').trim();
  return t ? t.slice(0, 500) : null;
}

/** Yes/No out of a label answer; null when it is neither (asked again, then left out of the counts). */
export function readLabel(content: string): boolean | null {
  const t = content.trim().replace(/^["'*\s(]+/, '').toLowerCase();
  if (/^yes\b/.test(t)) return true;
  if (/^no\b/.test(t)) return false;
  return null;
}
