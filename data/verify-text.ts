// Text checks of a generated study folder (issue 13): how many supporter sentence units there are, how
// varied they are, and how varied the seekers are. Read by verify-demo-study.ts and the tests.

import { join } from 'node:path';
import { splitSentences } from '../main/text/sentences.js';
import { readCsv } from './verify-csv.js';

/** The paper's counts: 29,520 units from 16,975 supporter messages in 2,904 conversations. */
export const PAPER_TEXT = { units: 29_520, supporterMessages: 16_975, conversations: 2_904 };

export interface TextStats {
  conversations: number;
  supporterMessages: number;
  units: number;
  unitsPerMessage: number;
  supporterMessagesPerConversation: number;
  distinctUnits: number;
  /** The most frequent unit and its share of all units. */
  topUnit: string;
  topUnitShare: number;
  /** Share of all units made by the 500 most frequent. */
  top500Share: number;
  seekerUnits: number;
  distinctSeekerUnits: number;
  /** Supporter messages starting with a lower-case letter / not ending in . ! ? or an emoji-free close. */
  lowerCaseStarts: number;
  unpunctuatedEnds: number;
}

export async function textStats(dir: string): Promise<TextStats> {
  const supporter = new Map<string, number>();
  const seeker = new Set<string>();
  const conversations = new Set<string>();
  let messages = 0;
  let units = 0;
  let seekerUnits = 0;
  let lower = 0;
  let unpunctuated = 0;
  let header = true;
  for await (const [cid, , role, text] of readCsv(join(dir, 'messages.csv'))) {
    if (header) {
      header = false;
      continue;
    }
    conversations.add(cid!);
    const parts = splitSentences(text!);
    if (role === 'seeker') {
      seekerUnits += parts.length;
      for (const p of parts) seeker.add(p);
      continue;
    }
    messages++;
    units += parts.length;
    for (const p of parts) supporter.set(p, (supporter.get(p) ?? 0) + 1);
    if (/^[a-z]/.test(text!)) lower++;
    if (!/[.!?)]$/.test(text!)) unpunctuated++;
  }
  const counts = [...supporter.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top500 = counts.slice(0, 500).reduce((n, [, c]) => n + c, 0);
  return {
    conversations: conversations.size,
    supporterMessages: messages,
    units,
    unitsPerMessage: units / messages,
    supporterMessagesPerConversation: messages / conversations.size,
    distinctUnits: supporter.size,
    topUnit: counts[0]?.[0] ?? '',
    topUnitShare: (counts[0]?.[1] ?? 0) / units,
    top500Share: top500 / units,
    seekerUnits,
    distinctSeekerUnits: seeker.size,
    lowerCaseStarts: lower,
    unpunctuatedEnds: unpunctuated,
  };
}

export interface TextCheck {
  name: string;
  target: string;
  value: string;
  ok: boolean;
}

/** The text goals, scaled by the number of conversations (29,520 units per 2,904 at scale 1). */
export function textChecks(s: TextStats): TextCheck[] {
  const expectedUnits = (PAPER_TEXT.units * s.conversations) / PAPER_TEXT.conversations;
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  return [
    { name: 'supporter sentence units', target: `${Math.round(expectedUnits)} ± 10%`, value: String(s.units), ok: Math.abs(s.units / expectedUnits - 1) <= 0.1 },
    { name: 'units per supporter message', target: '≈ 1.74', value: s.unitsPerMessage.toFixed(2), ok: Math.abs(s.unitsPerMessage - 1.74) <= 0.2 },
    { name: 'supporter messages per conversation', target: '≈ 5.85', value: s.supporterMessagesPerConversation.toFixed(2), ok: Math.abs(s.supporterMessagesPerConversation - 5.85) <= 0.5 },
    // A finite vocabulary repeats more in a bigger study: the goal is set for the paper's size (scale 1).
    s.conversations <= PAPER_TEXT.conversations
      ? { name: 'distinct supporter units', target: '≥ 60%', value: pct(s.distinctUnits / s.units), ok: s.distinctUnits / s.units >= 0.6 }
      : { name: 'distinct supporter units (goal ≥ 60% at scale 1)', target: 'report', value: pct(s.distinctUnits / s.units), ok: true },
    { name: `most frequent unit ("${s.topUnit}")`, target: '≤ 0.5%', value: pct(s.topUnitShare), ok: s.topUnitShare <= 0.005 },
    { name: '500 most frequent units', target: 'report', value: pct(s.top500Share), ok: true },
    { name: 'distinct seeker units', target: 'report', value: `${s.distinctSeekerUnits} of ${s.seekerUnits}`, ok: true },
    { name: 'supporter messages starting lower-case', target: 'report', value: pct(s.lowerCaseStarts / s.supporterMessages), ok: true },
    { name: 'supporter messages without final punctuation', target: 'report', value: pct(s.unpunctuatedEnds / s.supporterMessages), ok: true },
  ];
}
