import type { CommandBus } from '@nestjs/cqrs';
import type { ConversationEvent, StartedConversation } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { PageDirectory, PageIntegration } from '@pagedesk/integrations';
import type { JsonObject } from '@pagedesk/shared';
import type { ConversationStates } from '../../conversations/conversation-states';
import type { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { AutomaticMessages, REMEMBERED_PAGES } from './automatic-messages';

const PAGE: PageIntegration = {
  pageId: 'p1',
  tenantId: 'acme',
  appId: 'app',
  accessToken: 'token',
  name: 'Acme',
  queueId: 'default',
  humanAgentTagging: false,
  automaticMessages: { opening: 'Hello!', closing: 'Bye!', offline: null, error: null },
  csatSurvey: null,
  tokenValid: true,
};

/**
 * The automatic messages as the processing worker runs them, with the
 * conversation reads counted: the page each message is sent from comes from
 * the conversation's start, not from a read per trigger.
 */
describe('automatic messages: the page to send from', () => {
  let position = 0;
  let loads: string[];
  let sent: { conversationId: string; trigger: string }[];
  let automatic: AutomaticMessages;

  const recorded = (conversationId: string, event: Omit<ConversationEvent, 'metadata'>) =>
    ({
      id: `e${++position}`,
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: {
        correlationId: 'c',
        causationId: 'c',
        actor: 'x',
        recordedAt: '2026-12-03T09:00:00.000Z',
      },
      streamName: `conversation-${conversationId}`,
      revision: 0,
      globalPosition: position,
    }) satisfies RecordedEvent;
  const started = (conversationId: string) =>
    recorded(conversationId, {
      type: 'ConversationStarted',
      data: {
        conversationId,
        tenantId: 'acme',
        pageId: PAGE.pageId,
        customer: { kind: 'psid', id: `psid-${conversationId}` },
        channel: 'messenger',
        referral: null,
        startedAt: 1_000,
      },
    });
  const closed = (conversationId: string) =>
    recorded(conversationId, {
      type: 'ConversationClosedByAgent',
      data: { agentId: 'ada', closedAt: 2_000, wrapUpTags: [] },
    } as Omit<ConversationEvent, 'metadata'>);
  const expired = (conversationId: string) =>
    recorded(conversationId, {
      type: 'ConversationExpired',
      data: { expiredAt: 3_000 },
    } as Omit<ConversationEvent, 'metadata'>);

  beforeEach(() => {
    loads = [];
    sent = [];
    const conversations = {
      load: (conversationId: string) => {
        loads.push(conversationId);
        return Promise.resolve({ pageId: PAGE.pageId } as StartedConversation);
      },
    } as unknown as ConversationStates;
    const directory = {
      findPage: (pageId: string) => (pageId === PAGE.pageId ? PAGE : undefined),
    } as unknown as PageDirectory;
    const commands = {
      execute: ({ conversationId, command }: ExecuteConversationCommand) => {
        if (command.type === 'RequestAutomaticMessage')
          sent.push({ conversationId, trigger: command.data.trigger });
        return Promise.resolve({});
      },
    } as unknown as CommandBus;
    automatic = new AutomaticMessages(conversations, directory, commands);
  });

  it('sends the opening message from the page the start names, reading nothing', async () => {
    await automatic.handle(started('c1'));
    expect(sent).toEqual([{ conversationId: 'c1', trigger: 'opening' }]);
    expect(loads).toEqual([]);
  });

  it('sends the closing message from the page its start named, reading nothing, and forgets it', async () => {
    await automatic.handle(started('c1'));
    await automatic.handle(closed('c1'));
    expect(sent).toEqual([
      { conversationId: 'c1', trigger: 'opening' },
      { conversationId: 'c1', trigger: 'closing' },
    ]);
    expect(loads).toEqual([]);
    expect(automatic.rememberedPages).toBe(0);
  });

  it('reads the conversation for a close whose start it did not see (before a restart)', async () => {
    await automatic.handle(closed('c1'));
    expect(sent).toEqual([{ conversationId: 'c1', trigger: 'closing' }]);
    expect(loads).toEqual(['c1']);
  });

  it('remembers live conversations only: an ending forgets the page, and the oldest go past the bound', async () => {
    await automatic.handle(started('c1'));
    expect(automatic.accepts(expired('c1'))).toBe(true);
    await automatic.handle(expired('c1'));
    expect(automatic.rememberedPages).toBe(0);
    expect(sent).toEqual([{ conversationId: 'c1', trigger: 'opening' }]);

    for (let i = 0; i <= REMEMBERED_PAGES; i++) await automatic.handle(started(`n${i}`));
    expect(automatic.rememberedPages).toBe(REMEMBERED_PAGES);
    await automatic.handle(closed('n0'));
    await automatic.handle(closed('n1'));
    expect(loads).toEqual(['n0']);
  });
});
