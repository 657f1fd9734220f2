import { useEffect, useState } from 'react';
import type { MessageView, StudyInfo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { humanize } from '../api/format.js';

/**
 * For a conversation the importer could not give a scenario: pick one (or name a new one), and optionally
 * apply it to every unassigned conversation whose opening line starts the same way. Saved in the workspace.
 */
export function ScenarioAssign({ conversationId, info, messages }: { conversationId: string; info: StudyInfo; messages: MessageView[] }) {
  const api = useApi();
  const opening = messages[0]?.text.split('\n')[0].slice(0, 60) ?? '';
  const [scenario, setScenario] = useState(info.scenarios[0] ?? '');
  const [custom, setCustom] = useState('');
  const [byRule, setByRule] = useState(false);
  const [rule, setRule] = useState(opening);
  const [preview, setPreview] = useState<number | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = scenario === '__new' ? custom.trim() : scenario;

  // How many unassigned conversations the rule would reach, asked of the backend (a dry run).
  useEffect(() => {
    setPreview(null);
    if (!byRule || !chosen || rule.trim().length < 3) return;
    let live = true;
    api.call('study-assign-scenario', { scenario: chosen, openingStartsWith: rule, dryRun: true })
      .then((r) => live && setPreview(r.conversations), () => live && setPreview(null));
    return () => { live = false; };
  }, [api, byRule, chosen, rule]);

  const assign = async () => {
    setStatus(null);
    try {
      const r = await api.call('study-assign-scenario', {
        scenario: chosen, conversationIds: [conversationId], ...(byRule ? { openingStartsWith: rule } : {}),
      });
      setStatus({ ok: true, text: `Assigned “${humanize(r.scenario)}” to ${r.conversations} conversation${r.conversations === 1 ? '' : 's'}.` });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  };

  return (
    <div className="block scenario-assign" data-testid="scenario-assign">
      <h3>No scenario</h3>
      <p className="muted small">The importer could not tell this conversation's scenario from its opening line. Assign one; it is saved in the workspace.</p>
      <div className="row gap">
        <select className="input" value={scenario} onChange={(e) => setScenario(e.target.value)} aria-label="Scenario" data-testid="scenario-assign-select">
          {info.scenarios.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
          <option value="__new">New scenario…</option>
        </select>
        {scenario === '__new' && <input className="input" placeholder="scenario name" value={custom} onChange={(e) => setCustom(e.target.value)}
          aria-label="New scenario name" data-testid="scenario-assign-new" />}
      </div>
      <label className="check small">
        <input type="checkbox" checked={byRule} onChange={(e) => setByRule(e.target.checked)} data-testid="scenario-assign-by-rule" />
        Also every unassigned conversation whose opening line starts with
      </label>
      {byRule && (
        <div className="row gap">
          <input className="input full" value={rule} onChange={(e) => setRule(e.target.value)} aria-label="Opening line starts with" data-testid="scenario-assign-rule" />
          <span className="small muted nowrap" data-testid="scenario-assign-preview">{preview == null ? '…' : `${preview} match${preview === 1 ? '' : 'es'}`}</span>
        </div>
      )}
      <button className="btn primary" disabled={!chosen} onClick={() => void assign()} data-testid="scenario-assign-apply">Assign scenario</button>
      {status && <p className={'small ' + (status.ok ? 'ok' : 'error-text')} role="status" data-testid="scenario-assign-status">{status.text}</p>}
    </div>
  );
}
