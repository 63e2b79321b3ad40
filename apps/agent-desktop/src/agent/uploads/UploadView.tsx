import { createContext, useContext, useEffect, useState } from 'react';
import type { Content } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';
import { GONE, previewOf, sizeOf, type PendingUpload, type Preview } from './uploads';

type Upload = Extract<Content, { kind: 'upload' }>['upload'];

/** Where an upload's bytes can be read: the conversation shown and the tab's sign-in. */
export const UploadSource = createContext<{ auth: Auth; conversationId: string } | null>(null);

/** A file the agent uploaded: its name and size always, an image's preview once its bytes are here, or that they were deleted. */
export function UploadView({ upload }: { upload: Upload }) {
  const source = useContext(UploadSource);
  const [preview, setPreview] = useState<Preview>(null);
  useEffect(() => {
    if (upload.type !== 'image' || !source) return;
    let shown = true;
    void previewOf(source.auth, source.conversationId, upload.blob).then((url) => {
      if (shown) setPreview(url);
    });
    return () => {
      shown = false;
    };
  }, [source, upload.type, upload.blob]);
  if (preview === GONE)
    return (
      <figure className="uploaded gone">
        <figcaption>
          {ICONS[upload.type]} {upload.name}{' '}
          <span className="muted small">(file no longer available)</span>
        </figcaption>
      </figure>
    );
  return (
    <Figure preview={preview} icon={ICONS[upload.type]} name={upload.name} size={upload.size} />
  );
}

const ICONS: Record<Upload['type'], string> = { image: '🖼', video: '📎', audio: '📎', file: '📄' };

function Figure({
  preview,
  icon,
  name,
  size,
}: {
  preview: string | null;
  icon: string;
  name: string;
  size: number;
}) {
  return (
    <figure className="uploaded">
      {preview && <img className="attachment" src={preview} alt={name} />}
      <figcaption>
        {icon} {name} <span className="muted small">({sizeOf(size)})</span>
      </figcaption>
    </figure>
  );
}

/**
 * The agent's own file from the moment it was chosen, before the server recorded it: its local
 * preview and where it is (uploading, or why it was not sent, with Retry).
 */
export function PendingUploadBubble({
  upload,
  onRetry,
}: {
  upload: PendingUpload;
  onRetry: (upload: PendingUpload) => void;
}) {
  const { file } = upload;
  return (
    <li className="bubble mine outgoing upload-pending">
      <Figure
        preview={upload.preview}
        icon={upload.preview ? ICONS.image : ICONS.file}
        name={file.name}
        size={file.size}
      />
      <footer className="small muted">
        {upload.error ? (
          <>
            <span className="failure">not sent: {upload.error}</span>{' '}
            <button onClick={() => onRetry(upload)}>Retry</button>
          </>
        ) : (
          'uploading…'
        )}
      </footer>
    </li>
  );
}
