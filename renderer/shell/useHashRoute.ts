import { useCallback, useEffect, useState } from 'react';

export const ROUTES = ['overview', 'conversations', 'figures', 'themes', 'coding', 'map', 'judge', 'sql', 'import', 'jobs'] as const;
export type Route = (typeof ROUTES)[number];

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'conversations';
}

/** The current page lives in the URL hash (works over file:// in Electron and survives reloads). */
export function useHashRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((r: Route) => {
    if (parse(window.location.hash) !== r || !window.location.hash) window.location.hash = `#/${r}`;
    setRoute(r);
  }, []);
  return [route, go];
}
