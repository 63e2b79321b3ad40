import { useCallback, useEffect, useState } from 'react';
import type { WrapUpTagList } from '@pagedesk/contracts';
import type { Session } from '../../shared/api';

export type WrapUpTag = WrapUpTagList['tags'][number];

/** The tenant's wrap-up tags for the filter and the editor; `save` replaces the whole list. */
export function useWrapUpTags(session: Session) {
  const [tags, setTags] = useState<readonly WrapUpTag[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    session.auth.request<WrapUpTagList>('/api/wrap-up-tags').then(
      (list) => setTags(list.tags),
      (e: Error) => setProblem(e.message),
    );
  }, [session.auth]);
  const save = useCallback(
    async (next: readonly WrapUpTag[]) => {
      try {
        const list = await session.auth.request<WrapUpTagList>('/api/wrap-up-tags', {
          method: 'PUT',
          body: { tags: next },
        });
        setTags(list.tags);
        setProblem(null);
        return true;
      } catch (e) {
        setProblem((e as Error).message);
        return false;
      }
    },
    [session.auth],
  );
  return { tags, problem, save };
}
