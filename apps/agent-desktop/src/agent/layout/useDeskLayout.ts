import { useCallback, useEffect, useRef, useState } from 'react';
import type { useAgentDesk } from '../useAgentDesk';
import { useShortcuts } from './shortcuts';

type Desk = ReturnType<typeof useAgentDesk>;

const paneOf = (conversationId: string) =>
  document.querySelector<HTMLElement>(
    `.pane-slot [data-conversation-id="${CSS.escape(conversationId)}"]`,
  );

/** The reply box of a chat, where the agent's hands should be once the chat is in front. */
const focusComposer = (conversationId: string) =>
  paneOf(conversationId)?.querySelector<HTMLElement>('.composer textarea')?.focus();

/**
 * Which chat is in front, and on a narrow screen whether the list or that chat shows (one at a
 * time). Accepting or opening a chat brings it in front with the cursor in its composer.
 */
export function useDeskLayout(desk: Desk) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [showing, setShowing] = useState<'list' | 'pane'>('list');
  const focusPending = useRef<string | null>(null);
  const ids = desk.desk.chats.map((c) => c.description.conversationId);
  // Until the agent picks one, the newest chat is in front.
  const current = chosen !== null && ids.includes(chosen) ? chosen : (ids.at(-1) ?? null);

  const open = useCallback((conversationId: string) => {
    focusPending.current = conversationId;
    setChosen(conversationId);
    setShowing('pane');
  }, []);

  // The chat arrives with `chat:assigned`, which may come before or after the accept's answer.
  const idList = ids.join(' ');
  useEffect(() => {
    const pending = focusPending.current;
    if (pending === null || !idList.split(' ').includes(pending)) return;
    if (pending !== current || showing !== 'pane') {
      setChosen(pending);
      setShowing('pane');
      return;
    }
    focusPending.current = null;
    focusComposer(pending);
  }, [idList, current, showing]);

  const accept = useCallback(
    async (conversationId: string) => {
      focusPending.current = conversationId;
      if (!(await desk.accept(conversationId)) && focusPending.current === conversationId)
        focusPending.current = null;
    },
    [desk],
  );

  useShortcuts((action) => {
    if (action === 'accept') {
      const oldest = desk.desk.offers[0];
      if (oldest) void accept(oldest.conversationId);
    } else if (action === 'next') {
      if (ids.length === 0) return;
      open(ids[(ids.indexOf(current ?? '') + 1) % ids.length]);
    } else if (current !== null) {
      // Through the pane's own Close button, so whatever it asks first (a confirmation) is asked.
      const buttons = paneOf(current)?.querySelectorAll<HTMLButtonElement>('header button');
      [...(buttons ?? [])].find((b) => b.textContent?.trim() === 'Close')?.click();
    }
  });

  return { current, showing, open, accept, back: () => setShowing('list') };
}
