import type { AgentMessageContent } from './content';
import { given } from './testing/decider-specification';
import { NOW, T0, assignedConversation, closed, command, started } from './testing/fixtures';
import { DAY_MS } from './time';

const CLOSED: AgentMessageContent = {
  kind: 'text',
  text: 'We are closed; an agent will answer when we open.',
  quickReplies: [],
};
const offline = (now = NOW) =>
  command(
    'RequestAutomaticMessage',
    { messageId: 'a-offline', trigger: 'offline', content: CLOSED },
    now,
  );
const requestedOffline = {
  type: 'AutomaticMessageRequested' as const,
  data: {
    messageId: 'a-offline',
    trigger: 'offline' as const,
    content: CLOSED,
    messaging: { messagingType: 'RESPONSE' as const },
    requestedAt: NOW,
  },
};

describe('RequestAutomaticMessage offline', () => {
  it('is recorded once per conversation: the same request again is absorbed', () => {
    given([started()]).when(offline()).then([requestedOffline]);
    given([started(), requestedOffline]).when(offline()).thenNothing();
  });

  it('needs a live conversation and Messenger’s 24-hour window', () => {
    given([...assignedConversation(), closed()])
      .when(offline())
      .thenThrows('already_ended');
    given([started()])
      .when(offline(T0 + DAY_MS))
      .thenThrows('outside_messaging_window');
  });
});
