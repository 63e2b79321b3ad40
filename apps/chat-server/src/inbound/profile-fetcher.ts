import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConversationEvent, CustomerIdentity } from '@pagedesk/conversation';
import {
  EVENT_STORE,
  type EventFilter,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { GraphApiClient, GraphApiError } from '@pagedesk/messenger';
import { ExecuteConversationCommand } from '../conversations/execute-conversation-command';

type Started = Extract<ConversationEvent, { type: 'ConversationStarted' }>['data'];
type Upgraded = Extract<ConversationEvent, { type: 'GuestUpgraded' }>['data'];

/**
 * Fetches the customer's name and picture after a conversation starts (or a
 * guest logs in), as a reactor on the log: the message is already recorded,
 * so a slow or failing Graph API can delay the name but never the message.
 */
@Injectable()
export class ProfileFetcher {
  private readonly logger = new Logger(ProfileFetcher.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly graph: GraphApiClient,
    private readonly commands: CommandBus,
  ) {}

  static readonly FILTER: EventFilter = {
    types: ['ConversationStarted', 'GuestUpgraded'],
    categories: ['conversation'],
  };

  accepts(event: RecordedEvent): boolean {
    return event.type === 'ConversationStarted' || event.type === 'GuestUpgraded';
  }

  async handle(event: RecordedEvent): Promise<void> {
    const target = await this.target(event);
    // A Chat Plugin user_ref cannot be looked up; the PSID comes when the visitor replies.
    if (target.customer.kind === 'user_ref') return;
    const page = this.directory.findPage(target.pageId);
    if (!page) return;
    const profile = await this.graph.getProfile(target.customer.id, page.accessToken).then(
      (p) => ({
        profile: { firstName: p.firstName, lastName: p.lastName, pictureUrl: p.pictureUrl },
      }),
      (error: unknown) => ({ profile: null, reason: describe(error) }),
    );
    if (profile.profile === null)
      this.logger.warn({ pageId: page.pageId, reason: profile.reason }, 'profile unavailable');
    await this.commands.execute(
      new ExecuteConversationCommand(
        target.conversationId,
        { type: 'RecordProfile', data: profile, metadata: { now: event.metadata.recordedAt } },
        {
          correlationId: event.metadata.correlationId,
          causationId: event.id,
          actor: 'system',
          now: event.metadata.recordedAt,
        },
      ),
    );
  }

  private async target(
    event: RecordedEvent,
  ): Promise<{ conversationId: string; pageId: string; customer: CustomerIdentity }> {
    if (event.type === 'ConversationStarted') {
      const data = event.data as unknown as Started;
      return { conversationId: data.conversationId, pageId: data.pageId, customer: data.customer };
    }
    const [first] = await this.store.readStream(event.streamName, { maxCount: 1 });
    const started = first!.data as unknown as Started;
    const upgraded = event.data as unknown as Upgraded;
    return {
      conversationId: started.conversationId,
      pageId: started.pageId,
      customer: { kind: 'psid', id: upgraded.psid },
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof GraphApiError)
    return `Graph API error ${error.code ?? error.status ?? ''}: ${error.message}`.trim();
  return (error as Error).message;
}
