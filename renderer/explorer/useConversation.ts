import { useEffect, useState } from 'react';
import type { ConversationDetail } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';

/** One conversation in full; a slower answer for a conversation no longer open is ignored. */
export function useConversation(id: string | null, revision: number) {
  const api = useApi();
  const [state, setState] = useState<{ id: string | null; detail: ConversationDetail | null; error: string | null }>(
    { id: null, detail: null, error: null });

  useEffect(() => {
    if (!id) return;
    let live = true;
    api.call('conversation-get', { id }).then(
      (detail) => live && setState({ id, detail, error: null }),
      (e) => live && setState({ id, detail: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, id, revision]);

  const current = state.id === id;
  return { detail: current ? state.detail : null, error: current ? state.error : null, loading: !!id && !current };
}
