// Slot values of the supporter templates: common ones and per scenario. None names a backstory detail
// (a son, New York, a Zoom call): those come only through the fact slots, once the seeker has told them.

import type { Scenario } from '../../main/domain/study.js';

export const COMMON_SLOTS: Record<string, string[]> = {
  so: ['so ', 'really ', '', 'truly ', 'incredibly '],
  hard: ['hard', 'tough', 'rough', 'difficult', 'painful'],
  it: ['this', 'all of this', 'everything'],
  always: ['always ', '', 'right '],
  relative: ['brother', 'best friend', 'cousin', 'neighbor', 'aunt'],
  when: ['a few years ago', 'last year', 'not long ago', 'when I was younger'],
};

/** Scenario-specific slot values; every scenario defines every name used by unscoped templates. */
export const SCENARIO_SLOTS: Record<Scenario, Record<string, string[]>> = {
  job_loss: {
    trouble: ['losing your job', 'getting laid off', 'the layoff', 'losing your position'],
    feel: ['scared', 'shocked', 'lost', 'anxious', 'blindsided', 'uncertain'],
    awful: ['awful', 'terrible', 'horrible', 'scary', 'unsettling'],
    thing: ['that job', 'your career', 'your work'],
    struggle: ['start over after so many years', 'feel like all that work disappeared', 'face a job search at this point in your career'],
    silver: ['your health', 'your experience', 'some savings'],
  },
  passed_over_promotion: {
    trouble: ['getting passed over', 'missing out on the promotion', 'being passed over for that role'],
    feel: ['discouraged', 'disappointed', 'hurt', 'deflated', 'frustrated', 'insecure'],
    awful: ['awful', 'frustrating', 'disheartening', 'painful'],
    thing: ['that promotion', 'your career', 'your work'],
    struggle: ['doubt yourself after all that work', 'watch someone else get what you worked for', 'speak up for yourself when it counts'],
    silver: ['your job', 'a great track record', 'people who respect you'],
  },
  undervalued_at_work: {
    trouble: ['being overlooked at work', 'your work going unnoticed', 'feeling unseen on your team'],
    feel: ['frustrated', 'exhausted', 'invisible', 'unappreciated', 'drained', 'stuck'],
    awful: ['awful', 'frustrating', 'exhausting', 'disheartening'],
    thing: ['your work', 'that job', 'doing good work'],
    struggle: ['keep going when nobody notices', 'give your all and still feel overlooked', 'stay motivated when nobody seems to care'],
    silver: ['a steady paycheck', 'your skills', 'a job you used to love'],
  },
  parent_cancer: {
    trouble: ["your mom's diagnosis", "your mom's cancer", 'the news about your mom'],
    feel: ['scared', 'overwhelmed', 'heartbroken', 'anxious', 'helpless', 'shaken'],
    awful: ['awful', 'terrible', 'devastating', 'heartbreaking', 'frightening'],
    thing: ['your mom', 'your mother', 'your family'],
    struggle: ['be so far away from her right now', 'wait for treatment to start', 'not know what comes next'],
    silver: ['time with her', 'each other', 'good doctors around her'],
    loved: ['your mom', 'your mother'],
    them: ['her', 'your mom'],
    child: ['daughter'],
  },
  parent_death: {
    trouble: ['losing your dad', "your dad's passing", 'the loss of your father'],
    feel: ['heartbroken', 'lost', 'numb', 'overwhelmed', 'devastated', 'empty'],
    awful: ['awful', 'terrible', 'devastating', 'heartbreaking', 'painful'],
    thing: ['your dad', 'your father', 'your family'],
    struggle: ['lose someone who meant so much', 'not get to say goodbye', 'hold it together for everyone else'],
    silver: ['the people who love you', 'your memories of him', 'your family'],
    loved: ['your dad', 'your family'],
    them: ['your family', 'the people around you'],
    child: ['person'],
  },
};

