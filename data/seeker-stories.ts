// The role-played seeker of each scenario (Supplementary A): the exact conversation starter, the backstory
// as facts told turn by turn (stories/), and how the seeker reacts to what the supporter just did: a
// question gets an answer from the story, advice or a brush-off gets pushback, validation gets opening up.

import type { Scenario } from '../main/domain/study.js';
import { PARENT_CANCER, PARENT_DEATH } from './stories/personal.js';
import type { Story } from './stories/types.js';
import { JOB_LOSS, PASSED_OVER, UNDERVALUED } from './stories/work.js';

export type { Fact, Story, Topic } from './stories/types.js';
export { TOPICS } from './stories/types.js';

/**
 * Conversation starters exactly as printed in Supplementary A (the importer infers the scenario from
 * them). The paper's typography is kept: curly apostrophes in four, straight ones in the last.
 */
export const CONVERSATION_STARTERS: Record<Scenario, string> = {
  job_loss: 'So, I just lost my job today. I had a sense this was coming, but it\u2019s still a shock..',
  passed_over_promotion: 'I\u2019m feeling so discouraged.. I just got passed over for the promotion I was working hard for',
  undervalued_at_work: 'I\u2019ve been working so hard but I don\u2019t think anyone cares..',
  parent_cancer: 'I still can\u2019t believe it... my mom just got diagnosed with cancer. It feels like my whole world just flipped.',
  parent_death: "I lost my dad last week.. I still can't believe he's really gone..",
};

export const STORIES: Record<Scenario, Story> = {
  job_loss: JOB_LOSS,
  passed_over_promotion: PASSED_OVER,
  undervalued_at_work: UNDERVALUED,
  parent_cancer: PARENT_CANCER,
  parent_death: PARENT_DEATH,
};

/** What the supporter's last message mostly did, as the seeker hears it. */
export type Move = 'question' | 'validated' | 'advice' | 'self' | 'dismissed' | 'neutral';

/** Reactions in template syntax (templates.ts): one sentence each, many surface forms. */
export const REACTIONS: Record<Move, readonly string[]> = {
  question: [
    '[Honestly|Hmm|Well|Good question], [I am not sure where to start|where do I even begin|it is hard to put into words].',
    "[Hmm|Well|Honestly], [let me think|I haven't really said it out loud yet|I guess I can try].",
    "[I mean|Well], it's [complicated|a lot|kind of a long story].",
  ],
  validated: [
    '[Thank you|Thanks|Thank you so much][, that really means a lot| for saying that|, it helps to hear that|, I needed to hear that].',
    '[Yeah|Yes|Exactly], it really [is|has been] [hard|a lot|rough][ lately| this week|].',
    "It's [nice|good|a relief] to [feel like someone gets it|talk to someone who gets it|be heard for once].",
    "[I appreciate that|That means more than you know|I really appreciate you saying that][, honestly|].",
    "[Yeah|Right], that's exactly how it feels.",
  ],
  advice: [
    "[I guess|Maybe|I know], but [I'm not there yet|it's hard to even think about next steps right now|I just don't have the energy for that yet].",
    "[I appreciate it|Thanks|I hear you], but right now I [think I just need to vent|just need to get through the day|just need to process it].",
    "[That's fair|Maybe], but I'm still trying to wrap my head around [everything|what happened|all of it].",
    "[I've thought about that|People keep saying that], I just [can't face it yet|don't know where to start|need a minute first].",
    "[Honestly|To be honest], I'm not really looking for [a plan|advice|solutions] right now, I just need someone to listen.",
  ],
  self: [
    "[Oh|Wow], I'm sorry you went through that[ too|].",
    "[I guess|Maybe] everyone goes through it [a little differently|in their own way][ though|].",
    "That sounds hard too, but [this feels different|it's not quite the same for me|I'm not sure it compares].",
    "[I'm glad it worked out for you|Good for you that it worked out], [I just can't see that yet|I'm not there].",
  ],
  dismissed: [
    "[I know|Yeah|Maybe], people keep telling me that[, but it doesn't really help|].",
    "[Maybe|I hope so], but it doesn't feel that simple[ right now| to me|].",
    'I hear you, but it still [hurts|stings|feels awful][ a lot| so much|].',
    "I want to believe that, I [really do|just can't right now].",
    "[It's not really about that though|That's not really the point for me], it just [hurts|feels heavy|feels like a lot].",
  ],
  neutral: [
    '[Yeah|Yeah, I know|Right].',
    '[It just|It all just|Everything just] feels like a lot[ right now| at once|].',
    '[Thanks for listening|Thanks for being here|I appreciate you being here][ by the way|].',
  ],
};

/** Short tags that make a seeker message sound spoken. */
export const SEEKER_TAGS: readonly string[] = ['You know?', "I don't know.", "It's a lot.", 'Ugh.', "I just don't know."];

export const CLOSINGS: readonly string[] = [
  '[Thanks for listening|Thank you for listening], it really [helps|helped] to talk about it.',
  'I really appreciate you taking the time to [talk with me|listen to all this].',
  'Talking about it helped more than I expected, thank you.',
  'Thank you, I feel a little lighter after saying all of that.',
  '[Thanks|Thank you] for [being so patient|hearing me out][ with me|], it means a lot.',
];
