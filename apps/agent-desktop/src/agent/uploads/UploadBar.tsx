import { useRef } from 'react';

/** The "Attach file" button with its file picker, and why a file was refused; files under way show in the chat. */
export function UploadBar({
  disabled,
  refusal,
  onFile,
  onDismiss,
}: {
  disabled: boolean;
  refusal: string | null;
  onFile: (file: File) => void;
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
    </div>
  );
}
