import { SHORTCUTS } from './keys.js';

export function HelpPopover({ onClose }: { onClose: () => void }) {
  return (
    <div className="popover help-popover" role="dialog" aria-label="Keyboard shortcuts" data-testid="help-popover">
      <div className="popover-head">
        <strong>Keyboard shortcuts</strong>
        <button className="btn-icon" onClick={onClose} aria-label="Close help">×</button>
      </div>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what}>
              <td>{s.keys.map((k) => <kbd key={k}>{k}</kbd>)}</td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Shortcuts are ignored while typing in a field.</p>
    </div>
  );
}
