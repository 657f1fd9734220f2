import { useCallback, useEffect, useMemo, useState } from 'react';
import type { JudgeMode, PromptTemplate } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useStudy } from '../study/StudyContext.js';

const KIND_LABEL: Record<JudgeMode, string> = { scores: 'Six scores per call', dimension: 'Per dimension', pairwise: 'Pairwise' };
const KINDS: JudgeMode[] = ['scores', 'dimension', 'pairwise'];

interface Draft { name: string; system: string; user: string; note: string }

/**
 * Prompt templates are versioned in the workspace: saving never edits a version, it adds the next one, so every
 * run names exactly the text it used. Here: browse templates and their history, edit any version into a new one.
 */
export function TemplatesPage() {
  const api = useApi();
  const { revision } = useStudy();
  const [all, setAll] = useState<PromptTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sel, setSel] = useState<{ id: string; version: number | null } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [copyId, setCopyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setAll(await api.call('prompt-templates-list', undefined));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [api]);
  useEffect(() => { void load(); }, [load, revision]);

  const groups = useMemo(() => {
    const by = new Map<string, PromptTemplate[]>();
    for (const t of all ?? []) by.set(t.templateId, [...(by.get(t.templateId) ?? []), t]);
    for (const vs of by.values()) vs.sort((a, b) => b.version - a.version);
    return by;
  }, [all]);

  const ids = [...groups.keys()];
  const id = sel && groups.has(sel.id) ? sel.id : ids.find((i) => groups.get(i)![0].kind === 'scores') ?? ids[0] ?? null;
  const versions = id ? groups.get(id)! : [];
  const latest = versions[0] ?? null;
  const shown = versions.find((v) => v.version === sel?.version) ?? latest;

  // A fresh draft whenever another version is shown.
  const shownKey = shown ? `${shown.templateId}@${shown.version}` : '';
  useEffect(() => {
    setDraft(shown ? { name: shown.name, system: shown.system, user: shown.user, note: '' } : null);
    setSaveError(null);
  }, [shownKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const changed = !!draft && !!shown && (draft.system !== shown.system || draft.user !== shown.user || draft.name !== shown.name);
  const asCopy = copyId !== null;
  /** An older version shown: saving it unchanged restores it as the newest. */
  const isOld = !!shown && !!latest && shown.version !== latest.version;

  const save = async () => {
    if (!draft || !shown) return;
    const templateId = asCopy ? copyId!.trim() : shown.templateId;
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    try {
      const t = await api.call('prompt-template-save', {
        templateId, kind: shown.kind, name: draft.name, system: draft.system, user: draft.user, ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
      });
      const before = groups.get(templateId)?.[0]?.version ?? 0;
      // The history is fetched before the confirmation shows, so "saved" never sits beside a list without the new version.
      await load();
      setSaved(t.version > before ? `Saved as ${t.templateId} v${t.version}.` : `No change: the text is identical to ${t.templateId} v${t.version}.`);
      setCopyId(null);
      setSel({ id: t.templateId, version: t.version });
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (error) return <div className="alert alert-error" data-testid="templates-error">{error}</div>;
  if (!all) return <div className="center-state"><div className="spinner" /> Loading templates…</div>;

  return (
    <div className="templates" data-testid="templates-page">
      <div className="page-head">
        <h1>Prompt templates</h1>
        <p className="muted">Saving adds a new version and never changes an old one: every run records the template id, version and a hash of its text. Runs use the latest version unless you pick one.</p>
      </div>
      <div className="templates-grid">
        <nav className="card templates-list" aria-label="Templates">
          {KINDS.map((k) => {
            const of = ids.filter((i) => groups.get(i)![0].kind === k);
            return (
              <div key={k} className="templates-kind">
                <h3>{KIND_LABEL[k]}</h3>
                {of.length === 0 ? <p className="muted small">none</p> : of.map((i) => {
                  const t = groups.get(i)![0];
                  return (
                    <button key={i} className={'side-item' + (i === id ? ' active' : '')} aria-current={i === id ? 'true' : undefined}
                      onClick={() => { setSel({ id: i, version: null }); setCopyId(null); setSaved(null); }} data-testid="template-item" data-template-id={i}>
                      <span className="side-item-title">{t.name}</span>
                      <span className="side-item-sub mono">{i} · v{t.version}</span>
                    </button>
                  );
                })}
              </div>
            );
          })}
        </nav>

        {shown && draft ? (
          <div className="templates-detail">
            <section className="card form">
              <div className="row gap baseline wrap">
                <h2 className="grow template-title">{shown.name} <span className="muted mono small">{shown.templateId}</span></h2>
                <span className="tag">{KIND_LABEL[shown.kind]}</span>
                {shown.builtin && <span className="tag tag-quiet">built in</span>}
              </div>
              <p className="small muted">
                Showing <strong data-testid="template-shown-version">v{shown.version}</strong>{shown.version !== latest!.version && <> (latest is v{latest!.version})</>}
                {' '}· hash <span className="mono">{shown.hash}</span> · {new Date(shown.createdAt).toLocaleString()}
              </p>
              <div className="small">
                Placeholders: {shown.placeholders.map((p) => <code key={p} className="placeholder">{`{{${p}}}`}</code>)}
              </div>
              <label className="field">
                <span>Name</span>
                <input className="input full" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="template-name" />
              </label>
              <label className="field">
                <span>System prompt</span>
                <textarea className="input full mono prompt-text" rows={14} value={draft.system} onChange={(e) => setDraft({ ...draft, system: e.target.value })} spellCheck={false} data-testid="template-system" />
              </label>
              <label className="field">
                <span>User prompt</span>
                <textarea className="input full mono prompt-text" rows={6} value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })} spellCheck={false} data-testid="template-user" />
              </label>
              <div className="row gap wrap">
                <label className="field grow">
                  <span>Note for this version <span className="muted small">(optional)</span></span>
                  <input className="input full" value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} placeholder="what changed and why" data-testid="template-note" />
                </label>
                {asCopy && (
                  <label className="field">
                    <span>New template id</span>
                    <input className="input mono" value={copyId!} onChange={(e) => setCopyId(e.target.value)} placeholder="my-template" autoFocus data-testid="template-copy-id" />
                  </label>
                )}
              </div>
              {saveError && <div className="alert alert-error" data-testid="template-save-error">{saveError}</div>}
              {saved && <div className="alert alert-ok" data-testid="template-saved">{saved}</div>}
              <div className="row gap">
                <button className="btn btn-primary" disabled={saving || (!asCopy && !changed && !isOld) || (asCopy && !copyId!.trim())} onClick={() => void save()} data-testid="template-save">
                  {saving ? 'Saving…' : asCopy ? 'Save as a new template' : `${!changed && isOld ? 'Restore' : 'Save'} as v${latest!.version + 1}`}
                </button>
                {changed && !asCopy && <button className="btn" onClick={() => setDraft({ name: shown.name, system: shown.system, user: shown.user, note: '' })} data-testid="template-revert">Discard changes</button>}
                {asCopy
                  ? <button className="btn" onClick={() => setCopyId(null)}>Cancel copy</button>
                  : <button className="btn" onClick={() => { setCopyId(''); setSaved(null); }} data-testid="template-copy">Copy as a new template…</button>}
              </div>
            </section>

            <section className="card">
              <h2>Version history</h2>
              <table className="table" data-testid="template-versions">
                <thead><tr><th>Version</th><th>Saved</th><th>Note</th><th>Hash</th><th /></tr></thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.version} className={v.version === shown.version ? 'active-row' : ''} data-testid="template-version" data-version={v.version}>
                      <td className="strong">v{v.version}{v.builtin && <span className="muted small"> built in</span>}</td>
                      <td className="nowrap">{new Date(v.createdAt).toLocaleString()}</td>
                      <td>{v.note ?? <span className="muted">—</span>}</td>
                      <td className="mono small">{v.hash}</td>
                      <td className="right">
                        {v.version === shown.version ? <span className="muted small">shown</span>
                          : <button className="link small" onClick={() => setSel({ id: v.templateId, version: v.version })} data-testid="template-view-version">View</button>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        ) : (
          <div className="empty">No templates.</div>
        )}
      </div>
    </div>
  );
}
