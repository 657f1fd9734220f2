// The Coding section (issue 9): who codes (CoderBar), then four tabs as sub-routes: #/coding (codebook tree, the
// selected code's editor and the coding surface), #/coding/agreement, #/coding/rubric and #/coding/history.
import { useEffect, useState } from 'react';
import { useStudy } from '../study/StudyContext.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { AgreementView } from './AgreementView.js';
import { CodebookTree } from './CodebookTree.js';
import { CodeEditor } from './CodeEditor.js';
import { CoderBar } from './CoderBar.js';
import { CodingProvider, useCoding } from './CodingContext.js';
import { CodingSurface } from './CodingSurface.js';
import { ExportBar } from './ExportBar.js';
import { HistoryView } from './HistoryView.js';
import { RubricPage } from './RubricPage.js';
import './coding.css';

const TABS = [['code', 'Code'], ['agreement', 'Agreement'], ['rubric', 'Rubric ratings'], ['history', 'History']] as const;
type Tab = (typeof TABS)[number][0];

function tabFromHash(): Tab {
  const sub = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[1];
  return TABS.some(([t]) => t === sub) ? (sub as Tab) : 'code';
}

export function CodingPage() {
  return (
    <CodingProvider>
      <CodingTabs />
    </CodingProvider>
  );
}

function CodingTabs() {
  const { revision: studyRevision } = useStudy();
  const { revision } = useCoding();
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [selected, setSelected] = useState<string | null>(null);
  const codebook = useApiQuery('coding-codebook', undefined, revision + studyRevision);
  const codes = codebook.data?.codes ?? [];
  const code = codes.find((c) => c.codeId === selected) ?? null;

  useEffect(() => {
    const onHash = () => { if (window.location.hash.replace(/^#\/?/, '').startsWith('coding')) setTab(tabFromHash()); };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const choose = (t: Tab) => {
    setTab(t);
    window.history.replaceState(null, '', t === 'code' ? '#/coding' : `#/coding/${t}`);
  };

  return (
    <div className="page coding-page" data-testid="coding-page" data-tab={tab}>
      <div className="page-head row gap baseline">
        <h1 className="grow">Coding</h1>
        <div className="segmented" role="tablist" aria-label="Coding views">
          {TABS.map(([t, label]) => (
            <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'on' : ''} onClick={() => choose(t)} data-testid={`coding-tab-${t}`}>{label}</button>
          ))}
        </div>
      </div>
      <CoderBar />
      {codebook.error && <div className="alert alert-error" data-testid="codebook-error">{codebook.error}</div>}
      {tab === 'code' && (
        <div className="coding-split">
          <div className="coding-side">
            <section className="card">
              <h2>Codebook</h2>
              {codebook.data ? <CodebookTree codes={codes} selected={code?.codeId ?? null} onSelect={setSelected} /> : <div className="center-state"><div className="spinner" /> Loading…</div>}
            </section>
            {code && <CodeEditor code={code} codes={codes} onSelect={setSelected} />}
          </div>
          <CodingSurface codes={codes} selectedCode={code?.codeId ?? null} />
        </div>
      )}
      {tab === 'agreement' && <AgreementView codes={codes} />}
      {tab === 'rubric' && <RubricPage />}
      {tab === 'history' && <HistoryView />}
      <section className="card top-gap"><ExportBar /></section>
    </div>
  );
}
