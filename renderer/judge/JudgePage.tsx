import type { JudgeRunSummary } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { openInExplorer } from '../figures/explore-link.js';
import { useStudy } from '../study/StudyContext.js';
import { LIVE_STATES, MODE_LABEL } from './judge-state.js';
import { NewRun } from './NewRun.js';
import { PricesPage } from './PricesPage.js';
import { ComparePage } from './ComparePage.js';
import { RunPage, StateBadge } from './RunPage.js';
import { TemplatesPage } from './TemplatesPage.js';
import { useJudgeRuns } from './useJudgeRuns.js';
import { useJudgeView } from './useJudgeView.js';
import './judge.css';

function RunItem({ run, active, onOpen }: { run: JudgeRunSummary; active: boolean; onOpen: () => void }) {
  const done = run.answered + run.failed;
  const pct = run.total ? Math.floor((100 * done) / run.total) : 0;
  const live = LIVE_STATES.includes(run.state);
  return (
    <button className={'side-item run-item' + (active ? ' active' : '')} aria-current={active ? 'page' : undefined} onClick={onOpen}
      data-testid="judge-run-item" data-run-id={run.runId} data-state={run.state}>
      <span className="side-item-title">{run.label || run.model}</span>
      <span className="side-item-sub">
        <StateBadge state={run.state} />
        <span className="muted">{MODE_LABEL[run.mode]}</span>
        <span className="muted right grow">{live || run.state !== 'done' ? `${pct}%` : fmtInt(run.answered)}</span>
      </span>
      {live && <span className="mini-bar"><span style={{ width: `${pct}%` }} /></span>}
      {run.failed > 0 && <span className="side-item-sub error-text">{fmtInt(run.failed)} failed</span>}
    </button>
  );
}

/**
 * The LLM judge: configure and estimate a run, follow runs, edit prompt templates and prices. Runs execute as
 * backend jobs; this page only asks and shows. Sub-pages live in the hash (#/judge/run/<id>, …).
 */
export function JudgePage() {
  const { info } = useStudy();
  const [view, go] = useJudgeView();
  const { runs, error, loadedPath } = useJudgeRuns();

  if (!info) return null;
  const ready = loadedPath === info.path;
  // The run's conversations, with its score set shown and nothing else filtered.
  const openExplorer = (scoreSetId: string) => openInExplorer({ scoredIn: scoreSetId }, `scored in ${scoreSetId}`, scoreSetId);

  return (
    <div className="judge" data-testid="judge-page">
      <aside className="judge-side" aria-label="Judge">
        <button className={'btn judge-new-btn' + (view.view === 'new' ? ' btn-primary' : '')} onClick={() => go({ view: 'new' })} data-testid="judge-nav-new">
          + New run
        </button>
        <div className="side-section">
          <div className="section-title">Runs{runs && runs.length > 0 ? ` (${runs.length})` : ''}</div>
          {error && <p className="error-text small">{error}</p>}
          {runs && runs.length === 0 && <p className="muted small" data-testid="judge-runs-empty">No runs yet in this study. Set one up under New run.</p>}
          <div className="side-list" data-testid="judge-runs">
            {runs?.map((r) => (
              <RunItem key={r.runId} run={r} active={view.view === 'run' && view.runId === r.runId} onOpen={() => go({ view: 'run', runId: r.runId })} />
            ))}
          </div>
        </div>
        <button className={'btn judge-new-btn' + (view.view === 'compare' ? ' btn-primary' : '')} onClick={() => go({ view: 'compare' })} data-testid="judge-nav-compare">
          Compare runs
        </button>
        <div className="side-section">
          <div className="section-title">Settings</div>
          <button className={'side-item' + (view.view === 'templates' ? ' active' : '')} onClick={() => go({ view: 'templates' })} data-testid="judge-nav-templates">
            <span className="side-item-title">Prompt templates</span>
          </button>
          <button className={'side-item' + (view.view === 'prices' ? ' active' : '')} onClick={() => go({ view: 'prices' })} data-testid="judge-nav-prices">
            <span className="side-item-title">Price table</span>
          </button>
        </div>
      </aside>
      <div className="judge-main">
        <div className="judge-content">
          {!ready && <div className="center-state" data-testid="judge-loading"><div className="spinner" /> Loading…</div>}
          {ready && view.view === 'new' && (
            <>
              <div className="page-head">
                <h1>New judge run</h1>
                <p className="muted">Score conversations on the six dimensions (1–5) with any OpenAI-compatible model. Every answer is stored as it arrives and cached by model, prompt version, parameters and text, so re-running costs nothing and a stopped run resumes where it was.</p>
              </div>
              <NewRun info={info} onStarted={(runId) => go({ view: 'run', runId })} />
            </>
          )}
          {ready && view.view === 'run' && <RunPage runId={view.runId} onDeleted={() => go({ view: 'new' })} onOpenExplorer={openExplorer} />}
          {ready && view.view === 'templates' && <TemplatesPage />}
          {ready && view.view === 'prices' && <PricesPage />}
          {ready && view.view === 'compare' && <ComparePage />}
        </div>
      </div>
    </div>
  );
}
