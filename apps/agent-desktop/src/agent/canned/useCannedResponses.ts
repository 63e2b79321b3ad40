import { useEffect, useState } from 'react';
import type { CannedResponse, CannedResponseList } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';

/** What this chat's composer offers after `/`: the tenant-wide canned responses and its queue's. */
export function useCannedResponses(auth: Auth, queue: string | null): readonly CannedResponse[] {
  const [list, setList] = useState<readonly CannedResponse[]>([]);
  useEffect(() => {
    let live = true;
    const query = queue ? `?queueId=${encodeURIComponent(queue)}` : '';
    auth
      .request<CannedResponseList>(`/api/canned-responses${query}`)
      .then((answer) => live && setList(answer.cannedResponses))
      // Without the list the composer still sends what is typed; `/` just offers nothing.
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
  }, [auth, queue]);
  return list;
}
