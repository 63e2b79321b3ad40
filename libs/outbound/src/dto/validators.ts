import { IsUrl, Matches } from 'class-validator';

/** Facebook fetches these itself, so only web addresses make sense. */
export const IsWebUrl = () =>
  IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false });

export const IsE164 = () =>
  Matches(/^\+[1-9]\d{6,14}$/, { message: '$property must be a phone number like +4915123456789' });

/**
 * A quick-reply payload with `@` or a leading `+` would be read back as
 * contact info the customer shared (see contactFromQuickReply), so ours never have one.
 */
export const IsNotContactLike = () =>
  Matches(/^(?!\+)[^@]*$/, { message: '$property must not contain @ or start with +' });
