// The effective codes of the sentences a coding view shows, fetched per conversation (coding-conversation expands
// theme codes and applies sentence overrides in the backend), refetched after every edit and on a blind-mode change.
import { useEffect, useRef, useState } from 'react';
import type { CodedConversation, CodedSentence } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useCoding } from './CodingContext.js';
import { keyOf } from './sentence-keys.js';

export interface CodedView {
  conversations: Map<string, CodedConversation>;
  sentences: Map<string, CodedSentence>;
  loading: boolean;
  error: string | null;
}

export function useCodedConversations(ids: string[]): CodedView {
  const api = useApi();
  const { revision, view } = useCoding();
  const [state, setState] = useState<CodedView>({ conversations: new Map(), sentences: new Map(), loading: false, error: null });
  const seq = useRef(0);
  const key = JSON.stringify([[...new Set(ids)], view]);
  useEffect(() => {
    const mine = ++seq.current;
    const [list, v] = JSON.parse(key) as [string[], { blind?: boolean; viewer?: string }];
    if (list.length === 0) {
      setState({ conversations: new Map(), sentences: new Map(), loading: false, error: null });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    Promise.all(list.map((conversationId) => api.call('coding-conversation', { conversationId, ...v }))).then(
      (out) => {
        if (mine !== seq.current) return;
        const sentences = new Map<string, CodedSentence>();
        for (const c of out) for (const s of c.sentences) sentences.set(keyOf(s), s);
        setState({ conversations: new Map(out.map((c) => [c.conversationId, c])), sentences, loading: false, error: null });
      },
      (e) => mine === seq.current && setState((s) => ({ ...s, loading: false, error: errorMessage(e) })),
    );
  }, [api, key, revision]);
  return state;
}
