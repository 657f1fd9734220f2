// Click-through from a figure mark to the explorer: the figure page announces a ConversationFilter, the explorer
// (always mounted) applies it, and the hash route switches to the conversation list.

import type { ConversationFilter } from '../../main/api/contract/index.js';

export const EXPLORE_EVENT = 'workbench:explore';

/** `scoreSetId`: the score set the list should show (a judge run's). */
export interface ExploreRequest { filter: ConversationFilter; label: string; scoreSetId?: string }

export function openInExplorer(filter: ConversationFilter, label: string, scoreSetId?: string): void {
  window.dispatchEvent(new CustomEvent<ExploreRequest>(EXPLORE_EVENT, { detail: { filter, label, scoreSetId } }));
  window.location.hash = '#/conversations';
}

/** Subscribes to explore requests; returns the unsubscribe function. */
export function onExploreRequest(fn: (r: ExploreRequest) => void): () => void {
  const listener = (e: Event) => fn((e as CustomEvent<ExploreRequest>).detail);
  window.addEventListener(EXPLORE_EVENT, listener);
  return () => window.removeEventListener(EXPLORE_EVENT, listener);
}
