// Sentence units where the chosen coders' codes differ, each with every coder's codes; resolve records the agreed
// codes as the consensus coder (the resolver is logged), or with none ticked, that no code applies.
import { useState } from 'react';
import type { CodeNode, Disagreement } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { inkOn } from './codebook-tree.js';
import { keyOf, sentenceLabel } from './sentence-keys.js';

const PAGE = 200;

export function DisagreementList({ coders, codes }: { coders: string[]; codes: CodeNode[] }) {
  const { revision } = useCoding();
  const list = useApiQuery('coding-disagreements', { coders, limit: PAGE }, revision);
  const byId = new Map(codes.map((c) => [c.codeId, c]));
  return (
    <section className="card" data-testid="disagreements">
      <div className="row gap baseline">
        <h2 className="grow">Disagreements</h2>
        {list.data && <span className="muted small" data-testid="disagreements-count">{fmtInt(list.data.total)}</span>}
      </div>
      {list.error && <div className="alert alert-error">{list.error}</div>}
      {list.data?.rows.length === 0 && <p className="muted">The chosen coders agree on every unit they both coded.</p>}
      {list.data?.rows.map((d) => <DisagreementRow key={keyOf(d)} d={d} byId={byId} />)}
      {list.data && list.data.total > list.data.rows.length && <p className="faint small">The first {PAGE} are shown.</p>}
    </section>
  );
}

function DisagreementRow({ d, byId }: { d: Disagreement; byId: Map<string, CodeNode> }) {
  const { coder, edit } = useCoding();
  const offered = [...new Set(Object.values(d.byCoder).flat())];
  const [pick, setPick] = useState<Set<string>>(new Set(d.resolved ?? []));
  const chip = (id: string) => {
    const c = byId.get(id);
    return <span key={id} className="code-chip" style={c ? { background: c.color, color: inkOn(c.color) } : undefined}>{c?.path ?? id}</span>;
  };
  return (
    <div className={'disagreement' + (d.resolved ? ' resolved' : '')} data-testid="disagreement" data-conversation-id={d.conversationId} data-turn={d.turn} data-sentence-index={d.sentenceIndex}
      data-resolved={d.resolved ? 'true' : undefined}>
      <div className="row gap baseline"><q className="grow">{d.text}</q><span className="faint small mono">{sentenceLabel(d)}</span></div>
      <div className="disagreement-coders small">
        {Object.entries(d.byCoder).map(([name, ids]) => (
          <div key={name} className="row gap baseline"><span className="muted">{name}</span>{ids.length ? ids.map(chip) : <span className="faint">no code</span>}</div>
        ))}
        {d.resolved && <div className="row gap baseline"><span className="muted">consensus</span>{d.resolved.length ? d.resolved.map(chip) : <span className="faint">no code</span>}</div>}
      </div>
      <div className="row gap baseline small">
        <span className="muted">Consensus:</span>
        {offered.map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked={pick.has(id)} data-testid="resolve-pick" data-code-id={id}
              onChange={() => setPick((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; })} />
            {byId.get(id)?.name ?? id}
          </label>
        ))}
        <button className="btn btn-small" disabled={!coder} data-testid="resolve"
          title={pick.size ? 'Record the ticked codes as the consensus' : 'Record that no code applies'}
          onClick={() => coder && void edit('coding-resolve', { resolvedBy: coder, sentence: { conversationId: d.conversationId, turn: d.turn, sentenceIndex: d.sentenceIndex }, codeIds: [...pick] })}>
          {(d.resolved ? 'Resolve again' : 'Resolve') + (pick.size ? '' : ' as no code')}
        </button>
      </div>
    </div>
  );
}
