import { useCallback, useEffect, useState } from 'react';
import type { CannedResponse, CannedResponseList, Content } from '@pagedesk/contracts';
import type { Session } from '../../shared/api';

export interface CannedResponseInput {
  readonly shortcut: string;
  readonly title: string;
  readonly content: Content;
  readonly queueId: string | null;
}

/** The tenant's canned responses as supervisors keep them; each change reloads the list. */
export function useCannedResponseAdmin(session: Session) {
  const [responses, setResponses] = useState<readonly CannedResponse[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      session.auth
        .request<CannedResponseList>('/api/canned-responses')
        .then((list) => setResponses(list.cannedResponses)),
    [session.auth],
  );
  useEffect(() => {
    reload().catch((e: Error) => setProblem(e.message));
  }, [reload]);
  const change = useCallback(
    async (path: string, method: string, body?: CannedResponseInput) => {
      try {
        await session.auth.request(path, { method, body });
        await reload();
        setProblem(null);
        return true;
      } catch (e) {
        setProblem((e as Error).message);
        return false;
      }
    },
    [session.auth, reload],
  );
  const one = (id: string) => `/api/canned-responses/${encodeURIComponent(id)}`;
  return {
    responses,
    problem,
    create: (input: CannedResponseInput) => change('/api/canned-responses', 'POST', input),
    update: (id: string, input: CannedResponseInput) => change(one(id), 'PUT', input),
    remove: (id: string) => change(one(id), 'DELETE'),
  };
}
