import { useEffect, useRef } from 'react';

/** The desk's keyboard shortcuts, shown to the agent and bound in one place. */
export const SHORTCUTS = [
  { code: 'KeyA', keys: 'Alt+A', action: 'accept', label: 'accept the oldest request' },
  { code: 'KeyN', keys: 'Alt+N', action: 'next', label: 'next chat' },
  { code: 'KeyC', keys: 'Alt+C', action: 'close', label: 'close this chat' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/**
 * Alt+letter works while typing in the composer (it types nothing there) and is matched on the
 * key's position (`code`), since Alt changes the character a key gives on some layouts.
 */
export function useShortcuts(run: (action: ShortcutAction) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const shortcut = SHORTCUTS.find((s) => s.code === event.code);
      if (!shortcut) return;
      event.preventDefault();
      latest.current(shortcut.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
