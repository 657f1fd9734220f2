// This coder's memo on a theme or a conversation, saved on blur or with the button.
import { useEffect, useState } from 'react';
import type { MemoTarget } from '../../main/api/contract/index.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';

export function MemoField({ target, label }: { target: MemoTarget; label: string }) {
  const { coder, edit, revision } = useCoding();
  const memos = useApiQuery('coding-memos', coder ? { target, coders: [coder] } : null, revision);
  const saved = memos.data?.memos.find((m) => m.coder === coder)?.text ?? '';
  const [text, setText] = useState(saved);
  useEffect(() => setText(saved), [saved, target.id]);
  if (!coder) return null;
  const save = () => { if (text !== saved) void edit('coding-memo-set', { coder, target, text }); };
  return (
    <label className="field top-gap" data-testid={`memo-${target.kind}`}>
      <span>{label} ({coder})</span>
      <textarea className="input" rows={2} value={text} onChange={(e) => setText(e.target.value)} onBlur={save} data-testid="memo-text" />
    </label>
  );
}
