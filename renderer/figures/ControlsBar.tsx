import type { AgreementStat, AnalysisOptions, ShiftLevel, ShiftTest } from '../../main/api/contract/index.js';
import { conditionLabel, dimensionLabel, STAT_LABELS } from '../../main/figures/index.js';
import type { Control, Controls } from './catalog.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../../main/domain/study.js';

/** The overall score is offered as an outcome beside the dimensions when the set scores all six. */
const withOverall = (dims: string[]) => ([...PRESCRIPTIVE, ...PROSCRIPTIVE] as string[]).every((d) => dims.includes(d)) ? [...dims, 'overall'] : dims;

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function Chips<T extends string | number>({ values, selected, label, onChange, testId, empty }: {
  values: T[]; selected: T[]; label: (v: T) => string; onChange: (v: T[]) => void; testId: string; empty: string;
}) {
  return (
    <span className="fig-chips" data-testid={testId}>
      {values.map((v) => (
        <button key={String(v)} className={'chip' + (selected.includes(v) ? ' on' : '')} aria-pressed={selected.includes(v)} onClick={() => onChange(toggle(selected, v))}>
          {label(v)}
        </button>
      ))}
      {selected.length === 0 && <span className="muted small">{empty}</span>}
    </span>
  );
}

/** The controls a figure uses; every change recomputes the figure in the backend. */
export function ControlsBar({ options, controls, use, onChange }: {
  options: AnalysisOptions; controls: Controls; use: Control[]; onChange: (patch: Partial<Controls>) => void;
}) {
  const set = options.scoreSets.find((s) => s.id === controls.scoreSetId) ?? options.scoreSets[0];
  const has = (c: Control) => use.includes(c);
  const experts = options.scoreSets.filter((s) => /^expert/i.test(s.id)).map((s) => s.id);
  const raterChoices = [...options.scoreSets.map((s) => s.id), ...(experts.length >= 2 ? [`median(${experts.join(',')})`] : [])];
  return (
    <div className="fig-controls" data-testid="figure-controls">
      {has('scoreSet') && (
        <label className="fig-control">
          <span>Score set</span>
          <select className="input" value={controls.scoreSetId ?? ''} onChange={(e) => onChange({ scoreSetId: e.target.value, dimensions: [] })} data-testid="control-score-set">
            {options.scoreSets.map((s) => <option key={s.id} value={s.id}>{s.id}{s.rater !== s.id ? ` (${s.rater})` : ''}</option>)}
          </select>
        </label>
      )}
      {has('dimensions') && set && (
        <div className="fig-control">
          <span>Dimensions</span>
          <Chips values={withOverall(set.dimensions)} selected={controls.dimensions} label={dimensionLabel} onChange={(dimensions) => onChange({ dimensions })} testId="control-dimensions" empty="all" />
        </div>
      )}
      {has('conditions') && options.conditions.length > 0 && (
        <div className="fig-control">
          <span>Conditions</span>
          <Chips values={options.conditions} selected={controls.conditions} label={conditionLabel} onChange={(conditions) => onChange({ conditions })} testId="control-conditions" empty="all" />
        </div>
      )}
      {has('reference') && options.conditions.length > 0 && (
        <label className="fig-control">
          <span>{use.includes('dimensions') ? 'Reference' : 'Control group'}</span>
          <select className="input" value={controls.reference ?? ''} onChange={(e) => onChange({ reference: e.target.value })} data-testid="control-reference">
            {options.conditions.map((c) => <option key={c} value={c}>{conditionLabel(c)}</option>)}
          </select>
        </label>
      )}
      {has('postConditions') && options.conditions.length > 0 && (
        <div className="fig-control">
          <span>Post conditions</span>
          <Chips values={options.conditions} selected={controls.postConditions} label={conditionLabel} onChange={(postConditions) => onChange({ postConditions })} testId="control-post-conditions" empty="coach + combined" />
        </div>
      )}
      {has('scenarioType') && options.scenarioTypes.length > 0 && (
        <label className="fig-control">
          <span>Scenario type</span>
          <select className="input" value={controls.scenarioType ?? ''} onChange={(e) => onChange({ scenarioType: e.target.value || null })} data-testid="control-scenario-type">
            <option value="">all</option>
            {options.scenarioTypes.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
      )}
      {has('prePost') && options.rounds.length > 1 && (
        <div className="fig-control">
          <span>Pre / post</span>
          <select className="input" value={controls.baselineRound} aria-label="Baseline round"
            onChange={(e) => onChange({ baselineRound: Number(e.target.value), postRounds: controls.postRounds.filter((r) => r > Number(e.target.value)) })} data-testid="control-baseline">
            {options.rounds.slice(0, -1).map((r) => <option key={r} value={r}>baseline round {r}</option>)}
          </select>
          <Chips values={options.rounds.filter((r) => r > controls.baselineRound)} selected={controls.postRounds} label={(r) => `round ${r}`}
            onChange={(postRounds) => onChange({ postRounds })} testId="control-post-rounds" empty="post: all later rounds" />
        </div>
      )}
      {has('labelling') && options.labellings.length > 0 && (
        <label className="fig-control">
          <span>Labelling</span>
          <select className="input" value={controls.labelling ?? ''} onChange={(e) => onChange({ labelling: e.target.value })} data-testid="control-labelling">
            {options.labellings.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
      )}
      {has('level') && (
        <label className="fig-control">
          <span>Taxonomy level</span>
          <select className="input" value={controls.level} onChange={(e) => onChange({ level: e.target.value as ShiftLevel })} data-testid="control-level">
            {options.taxonomyLevels.map((l) => <option key={l} value={l}>{l === 'category' ? 'categories' : l.replace('level', 'level ')}</option>)}
          </select>
        </label>
      )}
      {has('shiftTest') && (
        <label className="fig-control">
          <span>Test</span>
          <select className="input" value={controls.shiftTest} onChange={(e) => onChange({ shiftTest: e.target.value as ShiftTest })} data-testid="control-shift-test">
            <option value="z">two-proportion z (paper)</option>
            <option value="clustered-logit">logit, clustered by participant</option>
          </select>
        </label>
      )}
      {has('judge') && options.pairwiseJudges.length > 0 && (
        <label className="fig-control">
          <span>LLM pairwise judge</span>
          <select className="input" value={controls.judgeId ?? ''} onChange={(e) => onChange({ judgeId: e.target.value || null })} data-testid="control-judge">
            <option value="">default</option>
            {options.pairwiseJudges.filter((j) => j.kind !== 'human').map((j) => <option key={j.judgeId} value={j.judgeId}>{j.judgeId} ({j.judgments})</option>)}
          </select>
        </label>
      )}
      {has('metric') && (
        <label className="fig-control">
          <span>Statistic</span>
          <select className="input" value={controls.metric} onChange={(e) => onChange({ metric: e.target.value as AgreementStat })} data-testid="control-metric">
            {(Object.keys(STAT_LABELS) as AgreementStat[]).map((m) => <option key={m} value={m}>{STAT_LABELS[m]}</option>)}
          </select>
        </label>
      )}
      {has('raters') && options.scoreSets.length > 1 && (
        <div className="fig-control">
          <span>Compare two raters</span>
          <select className="input" value={controls.a ?? ''} aria-label="Rater A" onChange={(e) => onChange({ a: e.target.value || null })} data-testid="control-rater-a">
            <option value="">A…</option>
            {raterChoices.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          <select className="input" value={controls.b ?? ''} aria-label="Rater B" onChange={(e) => onChange({ b: e.target.value || null })} data-testid="control-rater-b">
            <option value="">B…</option>
            {raterChoices.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </div>
      )}
    </div>
  );
}
