import { useEffect, useRef } from 'react';
import { isTyping } from '../shell/keys.js';

export interface ExplorerKeyActions {
  next(): void;
  prev(): void;
  cursorDown(): void;
  cursorUp(): void;
  openCursor(): void;
  focusSearch(): void;
  escape(): void;
}

/** j/k, arrows, Enter, / and Esc for the explorer; inactive while typing in a field or on other pages. */
export function useExplorerKeys(active: boolean, actions: ExplorerKeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTyping(e)) return;
      if (document.querySelector('[role="dialog"]') && e.key !== 'Escape') return;
      const a = ref.current;
      const act: Record<string, (() => void) | undefined> = {
        j: a.next, k: a.prev, ArrowDown: a.cursorDown, ArrowUp: a.cursorUp, Enter: a.openCursor, '/': a.focusSearch, Escape: a.escape,
      };
      const fn = act[e.key];
      if (!fn) return;
      if (e.key === 'Enter' && (e.target as HTMLElement)?.tagName === 'BUTTON') return;
      if (e.key === 'Escape' && document.querySelector('[role="dialog"]')) return; // the help popover takes Esc first
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
