import { createContext, useContext, useEffect, useState } from 'react';
import type { Content } from '@pagedesk/contracts';
import type { Auth } from '../../shared/auth';
import { previewOf, sizeOf } from './uploads';

type Upload = Extract<Content, { kind: 'upload' }>['upload'];

/** Where an upload's bytes can be read: the conversation shown and the tab's sign-in. */
export const UploadSource = createContext<{ auth: Auth; conversationId: string } | null>(null);

/** A file the agent uploaded: its name and size always, an image's preview once its bytes are here. */
export function UploadView({ upload }: { upload: Upload }) {
  const source = useContext(UploadSource);
  const [preview, setPreview] = useState<string | null>(null);
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
  return (
    <figure className="uploaded">
      {preview && <img className="attachment" src={preview} alt={upload.name} />}
      <figcaption>
        {upload.type === 'image' ? '🖼' : upload.type === 'file' ? '📄' : '📎'} {upload.name}{' '}
        <span className="muted small">({sizeOf(upload.size)})</span>
      </figcaption>
    </figure>
  );
}
