/** What Facebook (or the network) answered, as GraphApiError carries it. */
export interface SendError {
  readonly status: number | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly message: string;
}

export type PermanentEffect = 'recipient_unavailable' | 'token_invalid' | null;

export type SendFailure =
  | { readonly permanent: false; readonly throttled: boolean; readonly reason: string }
  | { readonly permanent: true; readonly effect: PermanentEffect; readonly reason: string };

const TEMPORARY = new Set([1200, 1, 2]);
/** Application, user, page and Messenger rate limits. */
const THROTTLING = new Set([4, 17, 32, 613, 80006]);

const permanent = (reason: string, effect: PermanentEffect = null): SendFailure => ({
  permanent: true,
  effect,
  reason,
});

/**
 * Facebook's Send API error codes, each turned into what an agent reads and
 * what the outbox does next. Anything unrecognised below HTTP 500 is
 * permanent: retrying a request Facebook understood and refused only repeats it.
 */
export function classifySendFailure(error: SendError): SendFailure {
  const { status, code, subcode } = error;
  if (code === 190) {
    return permanent(
      "The page's access token is no longer valid: an admin must reconnect the page",
      'token_invalid',
    );
  }
  if ((code === 100 && subcode === 2018001) || code === 551) {
    return permanent(
      'The customer cannot be reached on Messenger any more',
      'recipient_unavailable',
    );
  }
  if (code === 10 && subcode === 2018278) {
    return permanent("Outside Messenger's allowed window: the customer must write first");
  }
  if (code === 100 && subcode === 2018109) {
    return permanent('The attachment is too large for Messenger');
  }
  if (code === 368) return permanent('Facebook has blocked this page from sending (policy)');
  if (code !== null && THROTTLING.has(code)) {
    return { permanent: false, throttled: true, reason: 'Facebook rate limit reached' };
  }
  if (status === null || (code !== null && TEMPORARY.has(code)) || status >= 500) {
    return { permanent: false, throttled: false, reason: 'Temporary failure reaching Facebook' };
  }
  return permanent(`Facebook refused the message: ${error.message}`);
}
