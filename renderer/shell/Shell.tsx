import { useEffect, useState } from 'react';
import { Explorer } from '../explorer/Explorer.js';
import { ImportPage } from '../import/ImportPage.js';
import { JobsPage } from '../jobs/JobsPage.js';
import { JudgePage } from '../judge/JudgePage.js';
import { FiguresRoute } from '../figures/custom/FiguresRoute.js';
import { ThemesPage } from '../themes/ThemesPage.js';
import { CodingPage } from '../coding/CodingPage.js';
import { SqlPage } from '../sql/SqlPage.js';
import { MapPage } from '../map/MapPage.js';
import { NoStudy } from '../study/NoStudy.js';
import { Overview } from '../study/Overview.js';
import { useStudy } from '../study/StudyContext.js';
import { Header } from './Header.js';
import { HelpPopover } from './HelpPopover.js';
import { isTyping } from './keys.js';
import { useHashRoute } from './useHashRoute.js';

export function Shell() {
  const study = useStudy();
  const [route, go] = useHashRoute();
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?' && !isTyping(e)) {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'Escape' && help) {
        setHelp(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help]);

  const hasStudy = !!study.info;
  return (
    <div className="app" data-testid="app">
      <Header route={route} onNavigate={go} onHelp={() => setHelp((h) => !h)} helpOpen={help} />
      {help && <HelpPopover onClose={() => setHelp(false)} />}
      <main className="app-main">
        {study.loading && !hasStudy ? (
          <div className="center-state" data-testid="study-loading">
            <div className="spinner" /> Opening study…
          </div>
        ) : !hasStudy && route !== 'jobs' && route !== 'import' ? (
          <NoStudy />
        ) : (
          <>
            {/* The explorer stays mounted so filters, scroll position and the open transcript survive tab switches. */}
            {hasStudy && (
              <div className="page-host" hidden={route !== 'conversations'}>
                <Explorer active={route === 'conversations'} />
              </div>
            )}
            {route === 'overview' && hasStudy && <Overview onBrowse={() => go('conversations')} />}
            {route === 'import' && (hasStudy ? <ImportPage /> : <NoStudy />)}
            {route === 'jobs' && <JobsPage />}
            {route === 'judge' && hasStudy && <JudgePage />}
            {route === 'figures' && hasStudy && <FiguresRoute />}
            {route === 'themes' && hasStudy && <ThemesPage />}
            {route === 'coding' && hasStudy && <CodingPage />}
            {route === 'sql' && hasStudy && <SqlPage />}
            {route === 'map' && hasStudy && <MapPage />}
          </>
        )}
      </main>
    </div>
  );
}
