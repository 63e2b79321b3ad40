import { useCallback, useEffect, useState } from 'react';
import type { UploadLimits } from '@pagedesk/contracts';
import { ApiError } from '../../shared/api';
import type { Auth } from '../../shared/auth';
import { judgeFile, uploadFile, type PendingUpload } from './uploads';

/**
 * Files the agent picked or dropped on one chat: checked here first (type, size), then sent to
 * the server, which records them; the message itself then arrives like any other (`chat:message`).
 */
export function useUploads(auth: Auth, conversationId: string) {
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

  const send = useCallback(
    (upload: PendingUpload) => {
      setPending((p) => [...p.filter((u) => u.clientMessageId !== upload.clientMessageId), upload]);
      uploadFile(auth, conversationId, upload)
        .then(() =>
          setPending((p) => p.filter((u) => u.clientMessageId !== upload.clientMessageId)),
        )
        .catch((error: unknown) => {
          const message =
            error instanceof ApiError ? error.message : 'the upload did not get through';
          setPending((p) =>
            p.map((u) =>
              u.clientMessageId === upload.clientMessageId ? { ...u, error: message } : u,
            ),
          );
        });
    },
    [auth, conversationId],
  );

  const add = useCallback(
    (file: File) => {
      if (!limits) return;
      const verdict = judgeFile(file, limits);
      if (!verdict.ok) {
        setRefusal(`${file.name}: ${verdict.message}`);
        return;
      }
      setRefusal(null);
      send({ clientMessageId: crypto.randomUUID(), file, error: null });
    },
    [limits, send],
  );

  const retry = useCallback((upload: PendingUpload) => send({ ...upload, error: null }), [send]);

  return { ready: limits !== null, pending, refusal, add, retry, dismiss: () => setRefusal(null) };
}
