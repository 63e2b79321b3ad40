import { useRef } from 'react';
import { sizeOf, type PendingUpload } from './uploads';

/** The "Attach file" button with its file picker, the files under way, and why one was refused. */
export function UploadBar({
  disabled,
  pending,
  refusal,
  onFile,
  onRetry,
  onDismiss,
}: {
  disabled: boolean;
  pending: readonly PendingUpload[];
  refusal: string | null;
  onFile: (file: File) => void;
  onRetry: (upload: PendingUpload) => void;
  onDismiss: () => void;
}) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="upload-bar">
      <button type="button" disabled={disabled} onClick={() => picker.current?.click()}>
        📎 Attach file
      </button>
      <input
        ref={picker}
        type="file"
        aria-label="File to send"
        hidden
        onChange={(e) => {
          for (const file of Array.from(e.target.files ?? [])) onFile(file);
          e.target.value = '';
        }}
      />
      <span className="muted small">or drop a file on the chat</span>
      {refusal && (
        <p className="failure upload-refused" role="alert">
          {refusal} <button onClick={onDismiss}>OK</button>
        </p>
      )}
      {pending.map((u) => (
        <p key={u.clientMessageId} className="small upload-pending">
          {u.error ? (
            <>
              <span className="failure">
                {u.file.name} not sent: {u.error}
              </span>{' '}
              <button onClick={() => onRetry(u)}>Retry</button>
            </>
          ) : (
            `uploading ${u.file.name} (${sizeOf(u.file.size)})…`
          )}
        </p>
      ))}
    </div>
  );
}
