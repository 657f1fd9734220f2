import { useEffect, useState } from 'react';
import { FiguresPage } from '../FiguresPage.js';
import { isBuilderHash } from './builder-link.js';
import { CustomFigurePage } from './CustomFigurePage.js';
import './custom.css';

/** `#/figures/custom…` is the figure builder; every other `#/figures/…` is the paper's figures. */
export function FiguresRoute() {
  const [custom, setCustom] = useState(() => isBuilderHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setCustom(isBuilderHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // Keyed by the hash on entry, so "Plot this" from another page starts the builder afresh on its source.
  return custom ? <CustomFigurePage key={window.location.hash.split('?')[1] ?? ''} /> : <FiguresPage />;
}
