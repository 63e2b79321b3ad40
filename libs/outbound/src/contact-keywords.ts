import type { AgentMessageContent, QuickReply } from '@pagedesk/conversation';

const KEYWORDS: Readonly<Record<string, QuickReply>> = {
  email: { type: 'user_email' },
  phone: { type: 'user_phone_number' },
};

/**
 * The contact-center convention: an agent who types just `Email` or `Phone`
 * asks the customer for it. Messenger shows the customer's own address or
 * number as a one-tap quick reply; the agent's word stays as the prompt, in
 * the agent's language. The answer comes back as a quick-reply payload and is
 * recorded as contact info by the conversation.
 */
export function expandContactKeywords(content: AgentMessageContent): AgentMessageContent {
  if (content.kind !== 'text' || content.quickReplies.length > 0) return content;
  const quickReply = KEYWORDS[content.text.trim().toLowerCase()];
  return quickReply === undefined ? content : { ...content, quickReplies: [quickReply] };
}
