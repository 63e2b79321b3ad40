import type { CustomerAttachment } from '@pagedesk/contracts';
import { SafeLink } from '../layout/RichText';
import { safeHref } from '../layout/safe-links';

/** The last part of a file's address, which is what a customer would call the file. */
function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? url);
  } catch {
    return url;
  }
}

const mapOf = ({ lat, long }: { lat: number; long: number }) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}#map=16/${lat}/${long}`;

/**
 * What the customer sent, previewed the way Messenger shows it: pictures and stickers inline,
 * video and audio playable, a file or link to open, a location on a map. Only http(s) sources.
 */
export function CustomerAttachmentView({ attachment }: { attachment: CustomerAttachment }) {
  const src = safeHref(attachment.url);
  const { title } = attachment;
  switch (attachment.type) {
    case 'image':
      return src ? (
        <a href={src} target="_blank" rel="noopener noreferrer" className="attachment-preview">
          <img className="attachment" src={src} alt={title ?? 'picture from the customer'} />
        </a>
      ) : null;
    case 'sticker':
      return src ? <img className="attachment sticker" src={src} alt="sticker" /> : null;
    case 'video':
      return src ? (
        <video
          className="attachment"
          controls
          preload="metadata"
          src={src}
          aria-label="video from the customer"
        />
      ) : null;
    case 'audio':
      return src ? (
        <audio controls preload="metadata" src={src} aria-label="audio from the customer" />
      ) : null;
    case 'file':
      return (
        <p className="attachment-file">
          📄 <SafeLink href={src}>{title ?? (src ? fileName(src) : 'file')}</SafeLink>
        </p>
      );
    case 'location': {
      const where = attachment.coordinates;
      return (
        <p className="attachment-location">
          📍 {title ?? 'Location'}{' '}
          {where ? (
            <SafeLink href={mapOf(where)}>{`${where.lat}, ${where.long} on the map`}</SafeLink>
          ) : (
            src && <SafeLink href={src}>on the map</SafeLink>
          )}
        </p>
      );
    }
    case 'fallback':
      return (
        <p className="attachment-link">
          🔗 <SafeLink href={src}>{title ?? attachment.url ?? 'shared link'}</SafeLink>
        </p>
      );
    default:
      return (
        <p className="muted">
          [{attachment.type}] {src && <SafeLink href={src}>{title ?? src}</SafeLink>}
        </p>
      );
  }
}
