const SCHEME = /^[a-z+]+:\/\//i;

/** `user:password@host1:2113,host2:2113` out of `esdb://user:password@host1:2113,host2:2113/?tls=false`. */
const authorityOf = (connectionString: string): string =>
  connectionString.trim().replace(SCHEME, '').split(/[/?]/, 1)[0];

/**
 * The host list of an esdb:// or esdb+discover:// connection string, for messages and logs:
 * never the user info (credentials) nor the query (it may name key files).
 */
export function hostOf(connectionString: string): string {
  const authority = authorityOf(connectionString);
  return authority.slice(authority.lastIndexOf('@') + 1) || '(no host)';
}

/** Masks the connection string's credentials in text that came from elsewhere (the client's errors). */
export function redact(text: string, connectionString: string): string {
  const authority = authorityOf(connectionString);
  const at = authority.lastIndexOf('@');
  if (at < 0) return text;
  const userInfo = authority.slice(0, at);
  const password = userInfo.slice(userInfo.indexOf(':') + 1);
  const secrets = [userInfo, password, decodeSafely(password)].filter(
    (secret) => secret.length > 0,
  );
  return secrets.reduce((masked, secret) => masked.split(secret).join('***'), text);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
