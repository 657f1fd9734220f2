// Clauses a supporter may hang on a sentence before its final mark, by level-2 category: they keep the
// sentence one sentence and its category, and some point back at what the seeker has said ({recent},
// {ref}, filled only from told facts). Template syntax of templates.ts.

export const STATEMENT_TAILS: Record<string, readonly string[]> = {
  'Affective/DA': [', [honestly|seriously|really]', ' [whenever|anytime] you need[ it|]', ', especially with {recent}', ' while you deal with {ref}', ', [okay|alright]'],
  'Affective/ES': [', especially [with|after] {recent}', ', that is [a lot|so much] to deal with', ', [truly|really|honestly]', ' on top of {ref}', ', I mean it'],
  'Affective/VE': [', especially [with|after] {recent}', ', given [everything|all of it|what you just told me]', ', honestly', ' and [anyone|most people] would feel the same', ' with {ref} on top of everything', ', and [that is|it is] [completely|totally] okay'],
  'Cognitive/DU': [', especially [with|after] {recent}', ', [honestly|really]', ' with everything you told me', ', from what you [said|are describing]', ' when you think about {ref}'],
  'Motivational/A': [', [honestly|seriously|truly]', ' and [I hope you know that|I mean that|please remember that]', ', even with {ref}', ', no matter what'],
  'Motivational/PR': [', [I promise|trust me|honestly]', ', even [with|after] {recent}', ' in the end', ', one step at a time', ', even if it does not feel like it now'],
  'Misattuned/AG': [', [honestly|seriously]', ' [if you can|when you feel up to it|as soon as you can]', ' after {recent}', ', it [really|usually] helps', ' to get your mind off {ref}'],
  'Misattuned/DE': [', [honestly|seriously|really]', ', [trust me|I promise]', ' in the [long run|end]', ', so [try not to|do not] worry [too much|about it]'],
  'Misattuned/SO': [', [honestly|to be honest]', ' [back then|at the time]', ', so I [get it|know the feeling]', ', and it [took me|was] a while'],
  'Cognitive/EE': [],
};

/** Question tails (before the question mark). */
export const QUESTION_TAILS: readonly string[] = [
  ', if you [want to share|feel like sharing|don\'t mind me asking]',
  ' [right now|at the moment|these days]',
  ', [if that is okay to ask|if you want to talk about it|if you do not mind]',
  ', by the way',
];

/** Lead-ins: statements may open with a softener, questions with a polite preface. */
export const STATEMENT_LEADS: readonly string[] = ['Honestly, ', 'And ', 'You know, ', 'Really, ', 'I mean, ', 'Man, ', 'Gosh, ', 'Well, ', 'Oh, ', 'Look, ', 'Truly, '];
export const QUESTION_LEADS: readonly string[] = ["If you don't mind me asking, ", 'Can I ask, ', "I'm curious, ", 'And ', 'So ', 'Also, ', 'May I ask, '];
export const KNOW_LEADS: readonly string[] = ['I just want you to know ', 'I want you to know ', 'Please know ', 'Just know ', ...STATEMENT_LEADS];
