import type { JudgeEstimate } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { fmtMinutes, fmtTokens, fmtUsd, MODE_LABEL } from './judge-state.js';

function Figure({ label, value, raw, testId, hint, strong }: { label: string; value: string; raw: number | null; testId: string; hint?: string; strong?: boolean }) {
  return (
    <div className={'est-figure' + (strong ? ' strong' : '')} title={hint}>
      <div className="est-value" data-testid={testId} data-value={raw ?? ''}>{value}</div>
      <div className="est-label">{label}</div>
    </div>
  );
}

/** What a run will cost before it starts: calls, cache hits, tokens, money and the least time the limits allow. */
export function EstimateView({ est, stale }: { est: JudgeEstimate; stale: boolean }) {
  return (
    <div className={'estimate' + (stale ? ' stale' : '')} data-testid="judge-estimate" data-stale={stale ? 'true' : 'false'}>
      <div className="est-grid">
        <Figure label="Conversations" value={fmtInt(est.conversations)} raw={est.conversations} testId="est-conversations" />
        <Figure label="Calls" value={fmtInt(est.calls)} raw={est.calls} testId="est-calls" hint={`${MODE_LABEL[est.mode]}`} />
        <Figure label="From cache" value={fmtInt(est.cacheHits)} raw={est.cacheHits} testId="est-cache" hint="Calls whose answer is already stored (same model, prompt version, parameters and text): free." />
        <Figure label="To request" value={fmtInt(est.toRequest)} raw={est.toRequest} testId="est-to-request" strong />
        <Figure label="Input tokens" value={fmtTokens(est.inputTokens)} raw={est.inputTokens} testId="est-input-tokens" hint={`${fmtInt(est.inputTokens)} tokens (o200k)`} />
        <Figure label="Output tokens" value={fmtTokens(est.outputTokens)} raw={est.outputTokens} testId="est-output-tokens" hint={`${fmtInt(est.outputTokens)} tokens, typical answer length`} />
        <Figure label={est.batch ? 'Cost (batch)' : 'Cost'} value={fmtUsd(est.cost)} raw={est.cost.amount} testId="est-cost" hint={est.cost.note} strong />
        {est.minMinutes != null && <Figure label="At least" value={fmtMinutes(est.minMinutes)} raw={est.minMinutes} testId="est-min-time" hint="Lower bound from the requests- and tokens-per-minute limits" />}
      </div>
      <p className="muted small est-meta" data-testid="est-meta">
        <span className="mono">{est.model}</span> at <span className="mono">{est.baseUrlHost}</span> · prompt{' '}
        <span className="mono">{est.template.templateId} v{est.template.version}</span>
        <span className="faint"> ({est.template.hash})</span>
        {est.batch && ' · Batch API'}
        {est.cost.priced && <> · {est.cost.note}</>}
      </p>
      {est.notes.length > 0 && (
        <ul className="est-notes small" data-testid="est-notes">
          {est.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      )}
    </div>
  );
}
