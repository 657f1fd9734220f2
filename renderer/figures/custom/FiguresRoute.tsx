import { useEffect, useState } from 'react';
import { FiguresPage } from '../FiguresPage.js';
import { isBuilderHash } from './builder-link.js';
import { CustomFigurePage } from './CustomFigurePage.js';
import './custom.css';

/** `#/figures/custom…` is the figure builder; every other `#/figures/…` is the paper's figures. */
export function FiguresRoute() {
  // The hash as it was on arrival: the builder rewrites its own hash (replaceState, no event) as the draft changes,
  // and only a navigation ("Plot this" from another page, a link) starts it afresh.
  const [arrival, setArrival] = useState(() => window.location.hash);
  useEffect(() => {
    const onHash = () => setArrival(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return isBuilderHash(arrival) ? <CustomFigurePage key={arrival} /> : <FiguresPage />;
}
