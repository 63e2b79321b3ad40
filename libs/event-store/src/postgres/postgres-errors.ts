import { AppError } from '@pagedesk/shared';
import { EventStoreUnavailableError } from '../errors';

/** Where the store lives, for messages: host, port and database, never the user info or query. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** Masks the URL's user info and password in text that came from the driver or the server. */
export function redact(text: string, url: string): string {
  let secrets: string[] = [];
  try {
    const parsed = new URL(url);
    secrets = [parsed.password, decodeSafely(parsed.password), `${parsed.username}:`];
  } catch {
    secrets = [url];
  }
  return secrets
    .filter((secret) => secret.length > 1)
    .reduce((masked, secret) => masked.split(secret).join('***'), text);
}

/**
 * Every driver or server failure becomes EventStoreUnavailableError: a lost
 * connection, a server shutting down, too many clients, a full disk. Our own
 * typed errors (conflicts, bad input) pass through unchanged.
 */
export function toStoreError(error: unknown, url: string, doing: string): unknown {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = redact(`${message}${typeof code === 'string' ? ` (${code})` : ''}`, url);
  return new EventStoreUnavailableError(
    `PostgreSQL at ${describeDatabase(url)} could not ${doing}: ${reason}`,
  );
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
