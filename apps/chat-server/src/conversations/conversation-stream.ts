export const conversationStream = (conversationId: string) => `conversation-${conversationId}`;
