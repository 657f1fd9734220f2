// The starting codebook offered from the paper: its four top-level categories (colours as in Fig. 2) and their
// level-2 codes (LEVEL2_NAMES, Fig. 2A), with the level-3 subcategories of Supplementary Tables 1-8 named in
// each level-2 code's inclusion criteria.
import { LEVEL2_NAMES } from '../domain/taxonomy.js';

export interface TemplateCode { name: string; color: string; definition: string; inclusion?: string; children?: TemplateCode[] }

const TOP: Record<string, { color: string; definition: string }> = {
  Affective: { color: '#2ca02c', definition: 'Responding to the other person\'s feelings: making oneself available, expressing sympathy, validating emotions.' },
  Cognitive: { color: '#17becf', definition: 'Showing and seeking understanding of the other person\'s situation and perspective.' },
  Motivational: { color: '#1f77b4', definition: 'Affirming the person and reassuring them about themselves or the future.' },
  Misattuned: { color: '#d62728', definition: 'Behaviour normative models of empathy advise against: unsolicited advice, dismissing emotions, redirecting to oneself.' },
};

/** Level-3 subcategories of each level-2 code (Supplementary Tables 1-8, both scenario types). */
const LEVEL3: Record<string, string> = {
  'Affective/DA': 'Offer help (OH); Providing support (PS)',
  'Affective/ES': 'Apologetic language (AL); Emotional exclamation (EE)',
  'Affective/VE': 'Naming emotions (NE); Validating emotional experience (VEE)',
  'Cognitive/DU': 'Acknowledging perspective (AP); Acknowledging uncertainty (AU); Expressing comprehension (EC)',
  'Cognitive/EE': 'Promoting dialogue (PD); Promoting emotional expression (PEE); Promoting self-reflection (PSR); Promoting support seeking (PSS)',
  'Motivational/A': 'Positive reinforcement (PR); Promoting self-worth (PSW); Short, vague affirmative language (SVAL)',
  'Motivational/PR': 'Future-oriented (FO); Meaning-making (MM); Normalization (N); Vague reassurance (VR)',
  'Misattuned/AG': 'Promoting emotional processing (PEP); Promoting positive change (PPC); Promoting resilience (PR); Problem-solving guidance (PSG); Promoting support seeking (PSS)',
  'Misattuned/DE': 'Providing additional perspective (PAP); Providing reassurance (PR); Normalizing experience (NE)',
  'Misattuned/SO': 'Sharing personal experience (SPE)',
};

export function lendAnEarCodebook(): TemplateCode[] {
  return Object.entries(TOP).map(([name, t]) => ({
    name,
    color: t.color,
    definition: t.definition,
    children: Object.entries(LEVEL2_NAMES)
      .filter(([key]) => key.startsWith(`${name}/`))
      .map(([key, label]) => ({
        name: label,
        color: t.color,
        definition: `${label} (${key.split('/')[1]}), level 2 of the Lend an Ear taxonomy.`,
        inclusion: LEVEL3[key] ? `Level-3 subcategories: ${LEVEL3[key]}.` : '',
      })),
  }));
}
