// Word-level variation of a supporter sentence, as people type: openings said several ways, contractions
// spelled out or made, casual spellings now and then. Only letters, apostrophes and spaces change, so a sentence stays one
// sentence with its category.

import type { Random } from './prng.js';

/** [pattern, replacement(s), probability per match]. Patterns are whole-word and case-sensitive. */
const RULES: [RegExp, readonly string[], number][] = [
  [/\bI'm\b/g, ['I am', 'Im'], 0.2],
  [/\bI am\b/g, ["I'm"], 0.4],
  [/\b([Yy])ou're\b/g, ['$1ou are', '$1our'], 0.15],
  [/\b([Yy])ou are\b/g, ["$1ou're"], 0.4],
  [/\b([Ii])t's\b/g, ['$1t is', '$1ts'], 0.2],
  [/\b([Ii])t is\b/g, ["$1t's"], 0.4],
  [/\b([Tt])hat's\b/g, ['$1hat is', '$1hats'], 0.2],
  [/\b([Tt])hat is\b/g, ["$1hat's"], 0.3],
  [/\b([Dd])on't\b/g, ['$1o not', '$1ont'], 0.2],
  [/\b([Dd])o not\b/g, ["$1on't"], 0.4],
  [/\b([Cc])an't\b/g, ['$1annot', '$1ant'], 0.2],
  [/\b([Ww])hat's\b/g, ['$1hat is'], 0.25],
  [/\b([Tt])here's\b/g, ['$1here is'], 0.25],
  [/\bI've\b/g, ['I have'], 0.2],
  [/\bI'd\b/g, ['I would'], 0.2],
  [/\bI'll\b/g, ['I will'], 0.2],
  [/\b([Ww])e'll\b/g, ['$1e will'], 0.2],
  [/\b([Yy])ou'll\b/g, ['$1ou will'], 0.2],
  [/\b([Ii])sn't\b/g, ['$1s not'], 0.2],
  [/\b([Dd])oesn't\b/g, ['$1oes not'], 0.2],
  [/\b([Oo])kay\b/g, ['$1k', '$1K'], 0.3],
  [/\bgoing to\b/g, ['gonna'], 0.25],
  [/\bwant to\b/g, ['wanna'], 0.1],
  [/\bkind of\b/g, ['kinda', 'sort of'], 0.3],
  [/\breally\b/g, ['truly', 'so', 'genuinely'], 0.2],
  [/\bso sorry\b/g, ['very sorry', 'terribly sorry', 'sooo sorry'], 0.3],
  [/\bincredibly\b/g, ['extremely', 'unbelievably'], 0.3],
  [/\bdifficult\b/g, ['hard', 'tough'], 0.3],
  [/\bbecause\b/g, ['since', 'cause'], 0.2],
  [/\bthough\b/g, ['tho'], 0.2],
  [/\byou\b/g, ['u'], 0.03],
  [/\bright now\b/g, ['at the moment', 'now', 'these days'], 0.25],
  [/\ba lot\b/g, ['so much', 'a ton'], 0.2],
  [/\bThank you\b/g, ['Thanks'], 0.3],
  [/\bmaybe\b/g, ['perhaps'], 0.2],
];

/** Openings said in several ways: [pattern at the start, alternatives, probability]. */
const STARTS: [RegExp, readonly string[], number][] = [
  [/^You should\b/, ['Maybe you should', 'I think you should', 'You really should', 'I feel like you should', 'Honestly you should'], 0.5],
  [/^Try to\b/, ['Maybe try to', 'Just try to', 'You could try to', 'I would try to'], 0.5],
  [/^I understand\b/, ['I totally understand', 'I completely understand', 'I really do understand', 'I fully understand'], 0.5],
  [/^That sounds\b/, ['Sounds', 'That really sounds', 'Wow, that sounds', 'It sounds'], 0.4],
  [/^It sounds like\b/, ['Sounds like', 'It seems like', 'It really sounds like', 'It feels like'], 0.4],
  [/^I can't imagine\b/, ["I can't even imagine", 'I cannot even imagine', "I honestly can't imagine"], 0.5],
  [/^I'm sure\b/, ["I'm pretty sure", "I'm certain", "I'm confident", 'I just know'], 0.5],
  [/^I'm sorry\b/, ["I'm so sorry", 'I am so sorry', "I'm truly sorry", 'Really sorry', 'So sorry'], 0.4],
  [/^It might\b/, ['It may', 'It could', 'It might really'], 0.4],
  [/^I believe\b/, ['I really believe', 'I truly believe', 'I honestly believe'], 0.4],
  [/^I'm glad\b/, ["I'm really glad", "I'm so glad", 'Glad'], 0.4],
  [/^You have to\b/, ['You really have to', 'You just have to', 'You need to'], 0.4],
  [/^You need\b/, ['You really need', 'You just need', 'I think you need'], 0.4],
  [/^It's okay\b/, ["It's totally okay", "It's completely okay", "It's alright", 'It is okay'], 0.4],
  [/^I think\b/, ['I really think', 'I honestly think', 'I do think', 'I feel like'], 0.4],
  [/^I want\b/, ['I really want', 'I just want'], 0.3],
  [/^Be gentle\b/, ['Please be gentle', 'Try to be gentle'], 0.4],
  [/^Tell me\b/, ['Please tell me', 'Feel free to tell me'], 0.3],
  [/^How are\b/, ['So how are', 'And how are'], 0.3],
  [/^Can you\b/, ['Could you', 'Would you'], 0.4],
  [/^Can I\b/, ['Could I', 'May I'], 0.3],
  [/^Have you\b/, ['Have you ever', 'So have you'], 0.25],
  [/^What do you\b/, ['What would you say you', 'So what do you', 'And what do you'], 0.3],
];

export function vary(rng: Random, sentence: string): string {
  let out = sentence;
  for (const [re, options, p] of STARTS) {
    if (re.test(out)) {
      if (rng.bernoulli(p)) out = out.replace(re, options[rng.int(options.length)]!);
      break;
    }
  }
  for (const [re, options, p] of RULES) {
    if (!re.test(out)) continue;
    re.lastIndex = 0;
    out = out.replace(re, (...m: string[]) => {
      if (!rng.bernoulli(p)) return m[0]!;
      const option = options.length === 1 ? options[0]! : options[rng.int(options.length)]!;
      return option.replace('$1', m[1] ?? '');
    });
    re.lastIndex = 0;
  }
  return out;
}
