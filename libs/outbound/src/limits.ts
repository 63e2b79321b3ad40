/**
 * Facebook's Send API limits. Checked before anything is recorded: a message
 * Facebook would refuse must never sit in the outbox.
 */
export const LIMITS = {
  textLength: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  payloadLength: 1000,
  buttonTemplateText: 640,
  buttonsPerTemplate: 3,
  buttonTitle: 20,
  carouselElements: 10,
  elementTitle: 80,
  elementSubtitle: 80,
  buttonsPerElement: 3,
  clientMessageId: 100,
} as const;
