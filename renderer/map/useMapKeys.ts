import { useEffect, useRef } from 'react';
import { isTyping } from '../shell/keys.js';

/** The map's keys while its page is shown: Escape clears the selection, L toggles the lasso, B the box. */
export function useMapKeys(handlers: { clear: () => void; toggleLasso: () => void; toggleBox: () => void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
      // The shell's help popover also closes on Escape; both may happen.
      if (e.key === 'Escape') ref.current.clear();
      else if (e.key === 'l' || e.key === 'L') ref.current.toggleLasso();
      else if (e.key === 'b' || e.key === 'B') ref.current.toggleBox();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
