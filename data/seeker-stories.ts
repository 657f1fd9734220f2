// The role-played seeker of each scenario (Supplementary A): the exact conversation starter, and story
// beats in our own words that the seeker reveals turn by turn, 2-3 sentences a message, reacting to
// what the supporter just did.

import type { Scenario } from '../main/domain/study.js';

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

/** What a seeker beat is about; questions of a kind pull beats of the matching topic. */
export type Topic = 'event' | 'feeling' | 'person' | 'worry' | 'support' | 'reflection';
export const TOPICS: readonly Topic[] = ['event', 'feeling', 'person', 'worry', 'support', 'reflection'];

export const STORY_BEATS: Record<Scenario, Record<Topic, readonly string[]>> = {
  job_loss: {
    event: [
      'There were rumors for weeks, new leadership, budget cuts, all the usual signs.',
      'Then the email came, and after that an awkward Zoom call with my boss, who could barely look at me.',
      'After the call ended I just sat at my desk staring at the screen.',
      "I worked in HR at a healthcare company for years, so I've been on the other side of these conversations.",
    ],
    feeling: [
      'It feels like all those years of work vanished in an instant.',
      'I keep swinging between feeling numb and feeling panicked.',
      "Honestly I feel a bit embarrassed, even though I know it wasn't really about me.",
      "I'm scared, if I'm being honest.",
    ],
    person: [
      'My boss barely said anything, he mostly read from a script.',
      'I helped so many people get through layoffs, and now nobody is helping me through mine.',
      'A few coworkers texted me, but it was mostly just to ask what happened.',
    ],
    worry: [
      "I'm 52, and I keep wondering if anyone will want to hire someone my age.",
      'The thought of dusting off my resume after all these years is overwhelming.',
      "I'm worried I'm becoming irrelevant in my field.",
      'I have no idea how long it will take to find something new.',
    ],
    support: [
      "My friends keep saying I'll find something in no time, but that doesn't really help.",
      "Someone told me to enjoy the break, and I didn't know what to say to that.",
      "I haven't even told my sister yet.",
    ],
    reflection: [
      'I think what I will miss most is working with people and helping them grow.',
      'Part of me wonders if I should have left before it came to this.',
      'Maybe I need some time to figure out what I even want next.',
    ],
  },
  passed_over_promotion: {
    event: [
      'My manager asked me how confident I felt about a leadership role, and I just froze.',
      'The role went to a junior colleague who is a lot more assertive than me.',
      "I've run some of our most successful campaigns, and it still wasn't enough.",
    ],
    feeling: [
      'I feel like a fraud, like everyone finally saw through me.',
      'It stings so much more because I wanted this for years.',
      "I'm embarrassed and really disappointed in myself.",
    ],
    person: [
      "The person who got it is someone I've actually helped on their campaigns.",
      'My manager was kind about it, which somehow makes it worse.',
      "I've mentored half the junior people on that team.",
    ],
    worry: [
      "I'm worried I'll never get out of this cycle of doubting myself.",
      "I'm 46, and I don't know if I'll ever get the career I dreamed of.",
      "What if I'm just not leadership material?",
    ],
    support: [
      "Everyone keeps telling me I'm amazing and I'll get it next time.",
      "I haven't really talked to anyone at work about it, it feels too awkward.",
      "My friends mean well, but they just tell me not to worry.",
    ],
    reflection: [
      "I think the hardest part is that I couldn't make the case for myself.",
      "I mentor people all the time, so why couldn't I say that when it mattered?",
      "Maybe I just don't know how to advocate for myself.",
    ],
  },
  undervalued_at_work: {
    event: [
      "Last weekend I spent hours fixing a critical bug in a teammate's code that had stopped production.",
      "My manager sent an update to the whole team and didn't mention the fix at all.",
      'In meetings my ideas get brushed off, and then someone else gets credit for them a week later.',
      'I joined this team eight months ago after a reorg, and I was really excited about it.',
    ],
    feeling: [
      "It's exhausting to keep giving everything and still feel invisible.",
      'The job I used to love just feels like a grind now.',
      "I'm frustrated, and honestly a little hurt.",
    ],
    person: [
      'My manager never seems to notice what I do, only what goes wrong.',
      'A couple of people on the team are friendly, but nobody really speaks up for me.',
      'The teammate whose code I fixed never even said thanks.',
    ],
    worry: [
      "I can't help wondering if being a Black man on this team has something to do with it.",
      "I don't know whether to push even harder or just start coasting.",
      "I'm starting to wonder if the effort is even worth it.",
    ],
    support: [
      "My friends say my time will come, but I've been hearing that for a while.",
      "I haven't talked to anyone at work about it because I don't want to seem like I'm complaining.",
      'My partner listens, but I hate bringing work home every night.',
    ],
    reflection: [
      'Maybe I just want someone to acknowledge what I am putting in.',
      "I think I've been trying so hard to prove myself that I'm burning out.",
      "I don't even know what I would ask for if I talked to my manager.",
    ],
  },
  parent_cancer: {
    event: [
      "She called me last week and told me it's stage 3 pancreatic cancer.",
      'I saw her at Christmas and she seemed completely healthy.',
      'Her chemo starts next week.',
    ],
    feeling: [
      'I keep swinging between disbelief and panic.',
      "It feels so unfair, she's only in her fifties.",
      "I'm scared all the time right now.",
    ],
    person: [
      "She's the only parent I've ever had, and she's my closest friend.",
      "She's alone in our family home in Virginia.",
      "She's always the one taking care of everyone else.",
    ],
    worry: [
      "I keep imagining the worst, like what if the treatment doesn't work.",
      "I'm dreading what the chemo is going to do to her.",
      "I don't know how long this fight is going to last.",
    ],
    support: [
      'People keep telling me everything will be okay, and I want to believe them.',
      "It's just me and her, so there isn't really anyone else to share this with.",
      "My friends in New York are kind, but they don't really get it.",
    ],
    reflection: [
      "I'm thinking about leaving New York to be with her.",
      "I don't know if I'm strong enough to be what she needs.",
      'I just want to make the most of the time we have.',
    ],
  },
  parent_death: {
    event: [
      'The hospital called last week, and it was completely unexpected.',
      "He called me the day before and I didn't pick up because I was grading essays.",
      "I've been buried in funeral arrangements and paperwork ever since.",
    ],
    feeling: [
      'I feel so lost without him.',
      'Some moments I am okay, and then it hits me all over again.',
      'I keep replaying that missed call over and over.',
    ],
    person: [
      'He was my guiding light, honestly.',
      'We got even closer after my son was born six years ago.',
      'He was the kind of grandfather who showed up for everything.',
    ],
    worry: [
      "I don't know if this pain ever goes away.",
      "I'm trying to keep things normal for my son, but I feel like I'm drowning.",
      'How am I supposed to be a good father when I can barely hold it together?',
    ],
    support: [
      'Everyone keeps saying time heals all wounds.',
      "My family is grieving too, and it's tense with everyone trying to handle things.",
      "I haven't really let anyone see how bad it is.",
    ],
    reflection: [
      'I just wish I had answered that call.',
      "It's making me question a lot of things about my own life.",
      'I want my son to know the kind of man his grandfather was.',
    ],
  },
};

/** What the supporter's last message mostly did, as the seeker hears it. */
export type Move = 'question' | 'validated' | 'advice' | 'self' | 'dismissed' | 'neutral';

export const REACTIONS: Record<Move, readonly string[]> = {
  question: [
    'Honestly, I am not sure where to start.',
    "That's a good question.",
    'Hmm, let me think.',
    'Where do I even begin.',
    "I haven't really put it into words yet.",
  ],
  validated: [
    'Thank you, that means a lot.',
    'Yeah, it really is.',
    'Thanks for saying that.',
    'It helps to hear that.',
    "Exactly, that's how it feels.",
    'I appreciate you saying that.',
    "It's nice to feel like someone gets it.",
    'That means more than you know.',
  ],
  advice: [
    "I guess I could try that, but I'm not there yet.",
    "Maybe, but right now it's hard to even think about next steps.",
    "I know I probably should, it's just a lot right now.",
    "That's fair, but I'm still trying to wrap my head around everything.",
    "I've thought about that, I just don't have the energy yet.",
    "Maybe later, right now I just need to get through the day.",
    "I hear you, it's just hard to think that far ahead.",
  ],
  self: [
    "Oh, I'm sorry you went through that too.",
    "I didn't know that happened to you.",
    'I guess everyone goes through it a little differently.',
    "That sounds hard too, but it feels different for me.",
    "I'm glad it worked out for you.",
  ],
  dismissed: [
    'I know, people keep telling me that.',
    "Maybe, but it doesn't feel that simple.",
    'I wish I could just not worry about it.',
    'I hear you, but it still hurts.',
    "I want to believe that, I really do.",
    "Maybe, but that's not really how it feels right now.",
  ],
  neutral: ['Yeah.', 'Thanks for listening.', 'I appreciate you being here.', 'It just feels like a lot.', 'Right.', 'Thanks.'],
};

export const CLOSINGS: readonly string[] = [
  'Thanks for listening, it really helps to talk about it.',
  'I really appreciate you taking the time to talk with me.',
  'Talking about it helped more than I expected, thank you.',
  'Thank you, I feel a little lighter after saying all of that.',
];
