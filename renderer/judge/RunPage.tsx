import { useEffect, useState } from 'react';
import type { JudgeParams, JudgeRunDetail, JudgeRunSpec, JudgePairwiseSpec } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { dimensionLabel } from '../api/dimensions.js';
import { fmtInt } from '../api/format.js';
import { isLiveJob, percentDone } from '../jobs/job-percent.js';
import { useJobs } from '../jobs/JobsContext.js';
import { useStudy } from '../study/StudyContext.js';
import { AgreementCard } from './AgreementCard.js';
import { EloTable } from './EloTable.js';
import { fmtDuration, fmtTokens, fmtUsd, LIVE_STATES, MODE_LABEL, STATE_LABEL } from './judge-state.js';
import { useJudgeRun } from './useJudgeRuns.js';

export function StateBadge({ state, testId }: { state: JudgeRunDetail['state']; testId?: string }) {
  return <span className={`run-state run-state-${state}`} data-testid={testId} data-state={state}>{STATE_LABEL[state]}</span>;
}

function Stat({ label, value, testId, raw, hint }: { label: string; value: string; testId: string; raw?: number | null; hint?: string }) {
  return (
    <div className="run-stat" title={hint}>
      <div className="run-stat-value" data-testid={testId} data-value={raw ?? ''}>{value}</div>
      <div className="run-stat-label">{label}</div>
    </div>
  );
}

function selectionText(spec: JudgeRunSpec | JudgePairwiseSpec): string {
  const s = spec.selection;
  if (!s || (!s.filter && !s.conversationIds?.length)) return 'all conversations';
  const parts: string[] = [];
  if (s.conversationIds?.length) parts.push(`${s.conversationIds.length} listed id${s.conversationIds.length > 1 ? 's' : ''}`);
  const f = s.filter ?? {};
  if (f.conditions?.length) parts.push(`condition ${f.conditions.join(', ')}`);
  if (f.rounds?.length) parts.push(`round ${f.rounds.join(', ')}`);
  if (f.scenarioTypes?.length) parts.push(`scenario type ${f.scenarioTypes.join(', ')}`);
  if (f.scenarios?.length) parts.push(`scenario ${f.scenarios.join(', ')}`);
  if (f.participant) parts.push(`participant ${f.participant}`);
  if (f.search?.text) parts.push(`text “${f.search.text}”`);
  return parts.join(' · ');
}

function paramsText(p: JudgeParams | undefined): string {
  if (!p) return 'defaults';
  const parts: string[] = [];
  parts.push(p.temperature == null ? 'model default temperature' : `temperature ${p.temperature}`);
  if (p.maxTokens != null) parts.push(`max ${fmtInt(p.maxTokens)} output tokens`);
  if (p.topP != null) parts.push(`top-p ${p.topP}`);
  if (p.seed != null) parts.push(`seed ${p.seed}`);
  parts.push(p.responseFormat === 'json_object' ? 'JSON mode' : p.responseFormat === 'text' ? 'plain text answers' : 'structured outputs');
  return parts.join(' · ');
}

/** "Compare with…": the comparison page with this run's score set ticked (and run at once when there is exactly one
 *  other score set to compare it with). */
function CompareLink({ scoreSet, others }: { scoreSet: string; others: string[] }) {
  if (!others.length) return <span className="muted small" data-testid="run-compare-none">no other score set to compare with</span>;
  const sets = others.length === 1 ? [scoreSet, others[0]] : [scoreSet];
  return <a className="link small" href={`#/judge/compare?${new URLSearchParams({ sets: sets.join(',') })}`} data-testid="run-compare">Compare with other runs →</a>;
}

export function RunPage({ runId, onDeleted, onOpenExplorer }: { runId: string; onDeleted: () => void; onOpenExplorer: (scoreSetId: string) => void }) {
  const api = useApi();
  const study = useStudy();
  const { upsert, jobs } = useJobs();
  // A run that stops (done, paused, cancelled, failed) changed its score set: the explorer and overview refetch.
  const { run, error, notFound, refresh } = useJudgeRun(runId, () => void study.refresh());
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [, tick] = useState(0);

  useEffect(() => { setConfirmDelete(false); setActionError(null); }, [runId]);
  const live = !!run && LIVE_STATES.includes(run.state);
  // The elapsed time of a live run ticks.
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [live]);

  if (notFound) {
    return (
      <div className="empty" data-testid="run-not-found">
        <p><strong>No run “{runId}” in this workspace.</strong></p>
        <p className="muted">It may have been deleted, or belong to another study.</p>
      </div>
    );
  }
  if (!run) {
    return error ? <div className="alert alert-error" data-testid="run-error">{error}</div>
      : <div className="center-state"><div className="spinner" /> Loading the run…</div>;
  }

  const act = async (name: string, fn: () => Promise<unknown>) => {
    setBusy(name);
    setActionError(null);
    try {
      const r = await fn();
      const jobId = (r as { jobId?: string } | null)?.jobId;
      if (jobId) upsert(await api.call('job-get', { id: jobId }));
      if (name !== 'delete') refresh();
    } catch (e) {
      setActionError(errorMessage(e));
      refresh();
    } finally {
      setBusy(null);
    }
  };

  const active = !!run.jobId;
  // While the run's job is live its progress events are the one source (the header shows the same job): the
  // run's stored counts trail them by the writer's commit interval. Failures come from the stored counts.
  // Also just after the job ends, until the run's own record catches up (it would otherwise flash its stale counts).
  const job = run.jobId && live ? jobs.find((j) => j.id === run.jobId && j.total > 0 && (isLiveJob(j) || j.state === 'done')) : undefined;
  const total = job ? job.total : run.total;
  const done = job ? job.done : run.answered + run.failed;
  const pct = percentDone(done, total) ?? 0;
  const answeredShare = total ? Math.min(100, (100 * Math.max(done - run.failed, 0)) / total) : 0;
  const canResume = !active && run.pending > 0 && ['paused', 'interrupted', 'failed', 'cancelled'].includes(run.state);
  const canRetry = !active && run.failed > 0;
  const canCancel = active || ['paused', 'interrupted', 'pending'].includes(run.state);
  const title = run.label || `${run.model} · ${MODE_LABEL[run.mode]}`;
  const spec = run.spec;
  const scoreSet = run.mode !== 'pairwise' ? run.scoreSetId : null;
  const setKnown = !!scoreSet && !!study.info?.scoreSets.some((s) => s.id === scoreSet);

  return (
    <div className="run-page" data-testid="run-page" data-run-id={run.runId} data-state={run.state}>
      <div className="run-head">
        <div className="row gap baseline wrap">
          <h1 data-testid="run-title">{title}</h1>
          <StateBadge state={run.state} testId="run-state" />
          {run.batch && <span className="tag">Batch API</span>}
        </div>
        <p className="muted small run-sub">
          <span className="mono" data-testid="run-id">{run.runId}</span> · <span className="mono">{run.model}</span> at <span className="mono">{run.baseUrlHost}</span>
          {' '}· {MODE_LABEL[run.mode]} · prompt <span className="mono">{run.template.templateId} v{run.template.version}</span>
          {' '}· started {new Date(run.createdAt).toLocaleString()}
        </p>
        {run.message && (
          <div className={'alert ' + (run.state === 'failed' ? 'alert-error' : run.state === 'done' ? 'alert-ok' : 'alert-warn')} data-testid="run-message">{run.message}</div>
        )}
      </div>

      <section className="card run-progress-card">
        <div className="run-actions row gap wrap">
          <div className="run-progress grow">
            <div className="row baseline gap">
              <strong data-testid="run-progress-text">{fmtInt(done)} of {fmtInt(total)}</strong>
              <span className="muted small">{run.mode === 'pairwise' ? 'comparisons' : 'calls'} finished · <span data-testid="run-percent" data-percent={pct}>{pct}%</span></span>
              <span className="muted small grow right" data-testid="run-elapsed">{fmtDuration(run.createdAt, run.finishedAt)}{run.finishedAt ? '' : live ? ' so far' : ''}</span>
            </div>
            <div className={`progress run-bar run-bar-${run.state}`} role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="run-progress">
              <div className="progress-bar" style={{ width: `${answeredShare}%` }} />
              {run.failed > 0 && <div className="progress-failed" title={`${run.failed} failed`} style={{ width: `${total ? (100 * run.failed) / total : 0}%` }} />}
            </div>
          </div>
          <div className="row gap">
            {active && run.state !== 'pausing' && (
              <button className="btn" disabled={!!busy} onClick={() => void act('pause', () => api.call('judge-pause', { runId }))} data-testid="run-pause">Pause</button>
            )}
            {canResume && (
              <button className="btn btn-primary" disabled={!!busy} onClick={() => void act('resume', () => api.call('judge-resume', { runId }))} data-testid="run-resume">Resume</button>
            )}
            {canRetry && (
              <button className="btn btn-primary" disabled={!!busy} onClick={() => void act('retry', () => api.call('judge-retry-failures', { runId }))} data-testid="run-retry-failures"
                title="Clear the failures and ask those items again">Retry {fmtInt(run.failed)} failure{run.failed === 1 ? '' : 's'}</button>
            )}
            {canCancel && (
              <button className="btn" disabled={!!busy} onClick={() => void act('cancel', () => api.call('judge-cancel', { runId }))} data-testid="run-cancel">Cancel</button>
            )}
            {!active && (confirmDelete ? (
              <span className="row gap confirm">
                <span className="small warn">Delete the run and its scores?</span>
                <button className="btn btn-danger" disabled={!!busy} data-testid="run-delete-confirm" autoFocus
                  onClick={() => void act('delete', async () => { await api.call('judge-run-delete', { runId }); void study.refresh(); onDeleted(); })}>Delete</button>
                <button className="btn" onClick={() => setConfirmDelete(false)} data-testid="run-delete-cancel">Keep</button>
              </span>
            ) : (
              <button className="btn" disabled={!!busy} onClick={() => setConfirmDelete(true)} data-testid="run-delete">Delete…</button>
            ))}
          </div>
        </div>
        {actionError && <div className="alert alert-error top-gap" data-testid="run-action-error">{actionError}</div>}

        <div className="run-stats">
          <Stat label="Answered" value={fmtInt(run.answered)} raw={run.answered} testId="run-answered" />
          <Stat label="From cache" value={fmtInt(run.fromCache)} raw={run.fromCache} testId="run-from-cache" hint="Answers taken from the cache (no request, no cost)" />
          <Stat label="Failed" value={fmtInt(run.failed)} raw={run.failed} testId="run-failed" />
          <Stat label="Pending" value={fmtInt(run.pending)} raw={run.pending} testId="run-pending" />
          <Stat label="Throughput" value={run.throughputPerMin != null ? `${Math.round(run.throughputPerMin).toLocaleString('en-US')}/min` : '—'} raw={run.throughputPerMin} testId="run-throughput"
            hint="Answers per minute over the last minute (while running)" />
          <Stat label="In flight" value={active ? fmtInt(run.inFlight) : '—'} raw={active ? run.inFlight : null} testId="run-in-flight" />
          <Stat label="Input tokens" value={fmtTokens(run.inputTokens)} raw={run.inputTokens} testId="run-input-tokens" hint={`${fmtInt(run.inputTokens)} (as reported by the endpoint)`} />
          <Stat label="Output tokens" value={fmtTokens(run.outputTokens)} raw={run.outputTokens} testId="run-output-tokens" hint={`${fmtInt(run.outputTokens)} (as reported by the endpoint)`} />
          <Stat label={live ? 'Cost so far' : 'Cost'} value={fmtUsd(run.costSoFar)} raw={run.costSoFar.amount} testId="run-cost" hint={run.costSoFar.note} />
        </div>
      </section>

      <div className="run-grid">
        <section className="card">
          <h2>Results</h2>
          {run.mode === 'pairwise' ? (
            <p className="small">Choices are stored as pairwise judgments of judge <span className="mono" data-testid="run-judge-id">{run.runId}</span>; the Elo ratings are below.</p>
          ) : scoreSet ? (
            <div className="row gap wrap baseline">
              <span className="small">Score set</span>
              <span className="mono strong" data-testid="run-score-set">{scoreSet}</span>
              <button className="link small" onClick={() => onOpenExplorer(scoreSet)} disabled={!setKnown} data-testid="run-open-explorer"
                title={setKnown ? 'Open the conversation list with this score set' : 'The study does not list this score set yet'}>Open in the conversation list →</button>
              {setKnown && <CompareLink scoreSet={scoreSet} others={study.info!.scoreSets.map((s) => s.id).filter((id) => id !== scoreSet)} />}
            </div>
          ) : null}
          <table className="kv top-gap" data-testid="run-settings">
            <tbody>
              <tr><th>Conversations</th><td>{selectionText(spec)}</td></tr>
              <tr><th>Limits</th><td>concurrency {run.limits.concurrency} · {run.limits.rpm ? `${fmtInt(run.limits.rpm)} req/min` : 'no req/min limit'} · {run.limits.tpm ? `${fmtInt(run.limits.tpm)} tok/min` : 'no tok/min limit'} · timeout {Math.round(run.limits.timeoutMs / 1000)} s · {run.limits.maxRetries} retries · {run.limits.maxInvalidRetries} invalid-answer retries</td></tr>
              <tr><th>Parameters</th><td>{paramsText(spec.params)}</td></tr>
              {run.mode === 'pairwise' && <tr><th>Pairs</th><td>{(spec as JudgePairwiseSpec).swap ? 'each asked both ways (A/B swapped)' : 'each asked once'}</td></tr>}
              <tr><th>Prompt hash</th><td className="mono small">{run.template.hash}</td></tr>
              {run.finishedAt && <tr><th>Finished</th><td>{new Date(run.finishedAt).toLocaleString()}</td></tr>}
            </tbody>
          </table>
        </section>

        <section className="card" data-testid="run-failures">
          <div className="row baseline gap">
            <h2 className="grow">Failures</h2>
            {run.failed > run.failures.length && <span className="muted small">showing the first {fmtInt(run.failures.length)} of {fmtInt(run.failed)}</span>}
          </div>
          {/* Retries are not failures, but a run that needed many is worth knowing about (rate limits, a flaky server). */}
          <p className="small" data-testid="run-retries">
            {run.retries.length === 0 ? 'No retries.' : `Retried: ${run.retries.map((r) => `${fmtInt(r.count)} × ${r.reason}`).join(' · ')}`}
          </p>
          {run.failed === 0 ? (
            <p className="muted small" data-testid="run-no-failures">No failures{live ? ' so far' : ''}. Invalid answers are retried {run.limits.maxInvalidRetries} time{run.limits.maxInvalidRetries === 1 ? '' : 's'} before they count as one.</p>
          ) : (
            <>
              <table className="table reason-table" data-testid="run-failure-reasons">
                <tbody>
                  {run.failureReasons.map((r) => (
                    <tr key={r.reason}><td>{r.reason}</td><td className="num">{fmtInt(r.count)}</td></tr>
                  ))}
                </tbody>
              </table>
              <div className="table-scroll failures-scroll top-gap">
                <table className="table" data-testid="run-failure-table">
                  <thead>
                    <tr><th>Conversation</th>{run.mode === 'dimension' && <th>Dimension</th>}{run.mode === 'pairwise' && <th>Versus</th>}<th>Reason</th><th className="num">Attempts</th><th>When</th></tr>
                  </thead>
                  <tbody>
                    {run.failures.map((f) => (
                      <tr key={f.itemId} data-testid="run-failure" data-conversation-id={f.conversationId}>
                        <td className="mono">{f.conversationId}</td>
                        {run.mode === 'dimension' && <td>{f.dimension ? dimensionLabel(f.dimension) : '—'}</td>}
                        {run.mode === 'pairwise' && <td className="mono">{f.conversationB ?? '—'}</td>}
                        <td className="failure-reason" data-testid="run-failure-reason">{f.reason}</td>
                        <td className="num">{f.attempts}</td>
                        <td className="nowrap muted small">{new Date(f.failedAt).toLocaleTimeString()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      </div>

      {run.batches.length > 0 && (
        <section className="card" data-testid="run-batches">
          <h2>Batches</h2>
          <table className="table">
            <thead><tr><th>#</th><th>Batch id</th><th>State</th><th>Provider status</th><th className="num">Requests</th><th className="num">Completed</th><th className="num">Failed</th><th>Updated</th></tr></thead>
            <tbody>
              {run.batches.map((b) => (
                <tr key={b.batchNo}>
                  <td>{b.batchNo}</td><td className="mono">{b.batchId ?? '—'}</td><td>{b.state}</td><td>{b.status ?? '—'}</td>
                  <td className="num">{fmtInt(b.requests)}</td><td className="num">{fmtInt(b.completed)}</td><td className="num">{fmtInt(b.failed)}</td>
                  <td className="muted small">{new Date(b.updatedAt).toLocaleTimeString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {run.mode === 'pairwise' && <EloTable runId={run.runId} progress={`${run.answered}/${run.failed}/${run.state}`} />}
      {run.mode !== 'pairwise' && scoreSet && setKnown && !live && run.answered > 0 && <AgreementCard scoreSetId={scoreSet} />}
    </div>
  );
}
