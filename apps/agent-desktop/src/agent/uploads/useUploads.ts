import { useCallback, useEffect, useState } from 'react';
import type { UploadLimits } from '@pagedesk/contracts';
import { ApiError } from '../../shared/api';
import type { Auth } from '../../shared/auth';
import { judgeFile, showLocally, uploadFile, type PendingUpload } from './uploads';

/**
 * Files the agent picked or dropped on one chat: checked here first (type, size, first bytes),
 * shown in the chat at once with their state, then sent to the server, which records them; the
 * message itself then arrives like any other (`chat:message`) and takes the pending one's place.
 * `recorded`: the clientMessageIds of this chat's messages so far.
 */
export function useUploads(auth: Auth, conversationId: string, recorded: ReadonlySet<string>) {
  const [limits, setLimits] = useState<UploadLimits | null>(null);
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    auth
      .request<UploadLimits>('/api/desk/upload-limits')
      .then((l) => live && setLimits(l))
      .catch(() => live && setRefusal('Uploads are not available right now'));
    return () => {
      live = false;
    };
  }, [auth]);

  // A recorded upload's message is in the chat now: its pending copy has done its job.
  useEffect(() => {
    setPending((p) => {
      const left = p.filter((u) => !(u.accepted && recorded.has(u.clientMessageId)));
      return left.length === p.length ? p : left;
    });
  }, [recorded]);

  const send = useCallback(
    (upload: PendingUpload) => {
      const settle = (change: Partial<PendingUpload>) =>
        setPending((p) =>
          p.map((u) => (u.clientMessageId === upload.clientMessageId ? { ...u, ...change } : u)),
        );
      setPending((p) => [...p.filter((u) => u.clientMessageId !== upload.clientMessageId), upload]);
      uploadFile(auth, conversationId, upload)
        .then(() => settle({ accepted: true }))
        .catch((error: unknown) => {
          const message =
            error instanceof ApiError ? error.message : 'the upload did not get through';
          settle({ error: message });
        });
    },
    [auth, conversationId],
  );

  const add = useCallback(
    async (file: File) => {
      if (!limits) return;
      const verdict = await judgeFile(file, limits);
      if (!verdict.ok) {
        setRefusal(`${file.name}: ${verdict.message}`);
        return;
      }
      setRefusal(null);
      const preview = verdict.type === 'image' ? await showLocally(file) : null;
      const clientMessageId = crypto.randomUUID();
      send({ clientMessageId, file, preview, error: null, accepted: false });
    },
    [limits, send],
  );

  const retry = useCallback((upload: PendingUpload) => send({ ...upload, error: null }), [send]);

  return {
    ready: limits !== null,
    // Until its message is pushed (an accepted upload's push may come a moment after the answer).
    pending: pending.filter((u) => !recorded.has(u.clientMessageId)),
    refusal,
    add: (file: File) => void add(file),
    retry,
    dismiss: () => setRefusal(null),
  };
}
