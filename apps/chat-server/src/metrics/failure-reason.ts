/**
 * A bounded label for an outbox failure: the reason's fixed part. Reasons are
 * the fixed sentences of classifySendFailure, one of which carries Facebook's
 * own message after a colon; a label must not (one series per message).
 */
export const failureReasonLabel = (reason: string): string => reason.split(':')[0]!.trim();
