// The codebook tree: codes nested to any depth, each with its colour and sentence count. Drag a code onto another
// to nest it there, or onto the gap above a code to place it before it (HTML5 drag and drop). Keyboard: ↑/↓ move
// the focus, ←/→ collapse and expand, Enter renames, Delete asks, then deletes (assignments go to the parent),
// Alt+↑/↓ reorder, Alt+→ nests under the code above, Alt+← moves out a level.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { useCoding } from './CodingContext.js';
import { dropMove, numberedCodes, treeRows } from './codebook-tree.js';

export function CodebookTree({ codes, selected, onSelect }: { codes: CodeNode[]; selected: string | null; onSelect: (id: string | null) => void }) {
  const { coder, edit } = useCoding();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropAt, setDropAt] = useState<{ id: string; where: 'inside' | 'before' } | null>(null);
  const [newName, setNewName] = useState('');
  const rows = useMemo(() => treeRows(codes, collapsed), [codes, collapsed]);
  const keys = useMemo(() => new Map(numberedCodes(codes).map((c, i) => [c.codeId, i + 1])), [codes]);
  const tree = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map(codes.map((c) => [c.codeId, c])), [codes]);

  useEffect(() => {
    if (selected && renaming === null) tree.current?.querySelector<HTMLElement>(`[data-code-id="${CSS.escape(selected)}"]`)?.focus({ preventScroll: false });
  }, [selected, renaming]);

  if (!coder) return <p className="muted" data-testid="codebook-no-coder">Choose or add a coder to edit the codebook.</p>;

  const move = (codeId: string, parentId: string | null, position?: number) => edit('coding-code-move', { coder, codeId, parentId, position });
  const siblings = (c: CodeNode) => codes.filter((x) => x.parentId === c.parentId).sort((a, b) => a.position - b.position);

  const onKey = (e: React.KeyboardEvent, c: CodeNode) => {
    if (renaming) return;
    const i = rows.findIndex((r) => r.code.codeId === c.codeId);
    const sib = siblings(c);
    const si = sib.findIndex((x) => x.codeId === c.codeId);
    const handled = () => { e.preventDefault(); e.stopPropagation(); };
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      handled();
      const to = si + (e.key === 'ArrowUp' ? -1 : 1);
      if (to >= 0 && to < sib.length) void move(c.codeId, c.parentId, to);
    } else if (e.altKey && e.key === 'ArrowRight') {
      handled();
      if (si > 0) void move(c.codeId, sib[si - 1].codeId);
    } else if (e.altKey && e.key === 'ArrowLeft') {
      handled();
      const parent = c.parentId ? byId.get(c.parentId) : null;
      if (parent) void move(c.codeId, parent.parentId, siblings(parent).findIndex((x) => x.codeId === parent.codeId) + 1);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      handled();
      const next = rows[i + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) onSelect(next.code.codeId);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      handled();
      setCollapsed((s) => {
        const n = new Set(s);
        if (e.key === 'ArrowLeft') n.add(c.codeId);
        else n.delete(c.codeId);
        return n;
      });
    } else if (e.key === 'Enter' || e.key === 'F2') {
      handled();
      setRenaming(c.codeId);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      handled();
      setConfirmDelete(c.codeId);
    }
  };

  const drop = (target: string, where: 'inside' | 'before') => {
    const m = dragging ? dropMove(codes, dragging, target, where) : null;
    if (dragging && m) void move(dragging, m.parentId, m.position);
    setDragging(null);
    setDropAt(null);
  };

  const add = async () => {
    const name = newName.trim();
    if (!name) return;
    const made = await edit('coding-code-create', { coder, name, parentId: selected });
    if (made) {
      setNewName('');
      onSelect(made.codeId);
    }
  };

  const doomed = confirmDelete ? byId.get(confirmDelete) : null;
  return (
    <div className="codebook" data-testid="codebook">
      {codes.length === 0 && (
        <div className="codebook-start" data-testid="codebook-empty">
          <p className="muted small">No codes yet. Start from the paper's taxonomy (four categories with their level-2 codes) or from nothing.</p>
          <div className="row gap">
            <button className="btn btn-small btn-primary" onClick={() => void edit('coding-codebook-start', { coder, template: 'lend-an-ear' })} data-testid="codebook-start-paper">Paper's codebook</button>
            <button className="btn btn-small" onClick={() => void edit('coding-codebook-start', { coder, template: 'empty' })} data-testid="codebook-start-empty">Empty</button>
          </div>
        </div>
      )}
      <div className="code-tree" role="tree" aria-label="Codebook" ref={tree}>
        {rows.map(({ code: c, depth, hasChildren }) => (
          <div key={c.codeId} role="treeitem" aria-level={depth + 1} aria-selected={c.codeId === selected} aria-expanded={hasChildren ? !collapsed.has(c.codeId) : undefined}
            tabIndex={c.codeId === selected || (!selected && c === rows[0].code) ? 0 : -1}
            className={'code-row' + (c.codeId === selected ? ' selected' : '') + (dropAt?.id === c.codeId ? ` drop-${dropAt.where}` : '') + (dragging === c.codeId ? ' dragging' : '')}
            style={{ paddingLeft: `${0.4 + depth * 1.1}rem` }} data-testid="code-row" data-code-id={c.codeId} data-path={c.path}
            draggable={renaming !== c.codeId} onDragStart={(e) => { e.dataTransfer.setData('text/plain', c.codeId); e.dataTransfer.effectAllowed = 'move'; setDragging(c.codeId); }}
            onDragEnd={() => { setDragging(null); setDropAt(null); }}
            onDragOver={(e) => {
              if (!dragging || dragging === c.codeId) return;
              e.preventDefault();
              const box = e.currentTarget.getBoundingClientRect();
              setDropAt({ id: c.codeId, where: e.clientY - box.top < box.height * 0.3 ? 'before' : 'inside' });
            }}
            onDrop={(e) => { e.preventDefault(); drop(c.codeId, dropAt?.id === c.codeId ? dropAt.where : 'inside'); }}
            onClick={() => onSelect(c.codeId)} onDoubleClick={() => setRenaming(c.codeId)} onKeyDown={(e) => onKey(e, c)}>
            <button className="tree-toggle btn-icon" tabIndex={-1} aria-hidden={!hasChildren} style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
              onClick={(e) => { e.stopPropagation(); setCollapsed((s) => { const n = new Set(s); if (n.has(c.codeId)) n.delete(c.codeId); else n.add(c.codeId); return n; }); }}>
              {collapsed.has(c.codeId) ? '▸' : '▾'}
            </button>
            <input type="color" className="code-color" value={c.color} tabIndex={-1} title="Colour" aria-label={`Colour of ${c.name}`} data-testid="code-color"
              onClick={(e) => e.stopPropagation()} onChange={(e) => void edit('coding-code-update', { coder, codeId: c.codeId, color: e.target.value })} />
            {renaming === c.codeId
              ? <RenameInput name={c.name} onDone={(name) => { setRenaming(null); if (name && name !== c.name) void edit('coding-code-update', { coder, codeId: c.codeId, name }); }} />
              : <span className="code-name grow" data-testid="code-name">{c.name}</span>}
            {keys.has(c.codeId) && <kbd className="code-key" title={`Press ${keys.get(c.codeId)} to assign`}>{keys.get(c.codeId)}</kbd>}
            <span className="muted small num" title="Sentence units carrying the code (any coder)" data-testid="code-count">{fmtInt(c.sentences)}</span>
          </div>
        ))}
      </div>
      {doomed && (
        <div className="alert alert-warn small" data-testid="code-delete-confirm">
          Delete <b>{doomed.path}</b>? {doomed.parentId ? `Its assignments and sub-codes move to ${byId.get(doomed.parentId)?.name ?? 'its parent'}.` : 'Its sub-codes move to the top level; its assignments are removed.'}
          <div className="row gap top-gap">
            <button className="btn btn-small btn-primary" autoFocus data-testid="code-delete-yes"
              onClick={async () => { setConfirmDelete(null); onSelect(doomed.parentId); await edit('coding-code-delete', { coder, codeId: doomed.codeId }); }}>Delete</button>
            <button className="btn btn-small" onClick={() => setConfirmDelete(null)} data-testid="code-delete-no">Cancel</button>
          </div>
        </div>
      )}
      <form className="row gap top-gap" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <input className="input grow" placeholder={selected ? `New code under ${byId.get(selected)?.name ?? ''}` : 'New top-level code'} value={newName}
          onChange={(e) => setNewName(e.target.value)} data-testid="code-new-name" aria-label="New code's name" />
        <button className="btn btn-small" type="submit" disabled={!newName.trim()} data-testid="code-add">Add</button>
        {selected && <button className="btn btn-small" type="button" onClick={() => onSelect(null)} title="Add the next code at the top level">Top level</button>}
      </form>
      <p className="faint small">Drag to move or nest · ↑↓ focus · Enter rename · Delete · Alt+arrows move</p>
    </div>
  );
}

function RenameInput({ name, onDone: done }: { name: string; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(name);
  // Enter ends the edit and the input's removal may then blur it: one rename, not two.
  const ended = useRef(false);
  const onDone = (v: string | null) => {
    if (ended.current) return;
    ended.current = true;
    done(v);
  };
  return (
    <input className="input code-rename grow" autoFocus value={value} onChange={(e) => setValue(e.target.value)} data-testid="code-rename" aria-label="Code name"
      onClick={(e) => e.stopPropagation()} onBlur={() => onDone(value.trim() || null)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') onDone(value.trim() || null);
        else if (e.key === 'Escape') onDone(null);
      }} />
  );
}
