/**
 * What an agent may react to a customer message with: Messenger's reaction names (the ones its
 * `message_reactions` webhook reports), each sent to Facebook as its emoji. One list for the
 * server's check and the desk's picker.
 */
export const AGENT_REACTIONS = {
  love: '❤️',
  smile: '😆',
  wow: '😮',
  sad: '😢',
  angry: '😠',
  like: '👍',
  dislike: '👎',
} as const;

export type AgentReaction = keyof typeof AGENT_REACTIONS;

export const isAgentReaction = (value: unknown): value is AgentReaction =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(AGENT_REACTIONS, value);
