import { JobsIndicator } from '../jobs/JobsIndicator.js';
import { useStudy } from '../study/StudyContext.js';
import { SimulatedBadge } from './SimulatedBadge.js';
import { WorkspaceMenu } from '../study/WorkspaceMenu.js';
import type { Route } from './useHashRoute.js';

const NAV: { route: Route; label: string }[] = [
  { route: 'overview', label: 'Overview' },
  { route: 'conversations', label: 'Conversations' },
  { route: 'figures', label: 'Figures' },
  { route: 'themes', label: 'Themes' },
  { route: 'coding', label: 'Coding' },
  { route: 'map', label: 'Map' },
  { route: 'judge', label: 'Judge' },
  { route: 'sql', label: 'SQL' },
  { route: 'import', label: 'Import' },
  { route: 'jobs', label: 'Jobs' },
];

export function Header({ route, onNavigate, onHelp, helpOpen }: {
  route: Route; onNavigate: (r: Route) => void; onHelp: () => void; helpOpen: boolean;
}) {
  const { info } = useStudy();
  return (
    <header className="app-header" data-testid="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◐</span>
        <span className="brand-name">Empathy Workbench</span>
      </div>
      <div className="study-title">
        {info ? (
          <>
            <WorkspaceMenu />
            {info.simulated && <SimulatedBadge />}
          </>
        ) : (
          <WorkspaceMenu />
        )}
      </div>
      <nav className="nav" aria-label="Pages">
        {NAV.map((n) => (
          <button
            key={n.route}
            className={'nav-tab' + (route === n.route ? ' active' : '')}
            aria-current={route === n.route ? 'page' : undefined}
            data-testid={`nav-${n.route}`}
            onClick={() => onNavigate(n.route)}
          >
            {n.label}
          </button>
        ))}
      </nav>
      <div className="header-tools">
        <JobsIndicator onShowAll={() => onNavigate('jobs')} />
        <button className={'btn-icon help-btn' + (helpOpen ? ' active' : '')} onClick={onHelp} title="Keyboard shortcuts (?)" data-testid="help-button" aria-label="Keyboard shortcuts">?</button>
      </div>
    </header>
  );
}
