import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isConversationError, type ConversationCommand } from '@pagedesk/conversation';
import {
  EVENT_STORE,
  StreamNotFoundError,
  type CommandContext,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory, type PageIntegration } from '@pagedesk/integrations';
import { parseWebhookDelivery, type MessengerEvent } from '@pagedesk/messenger';
import { quarantine } from '@pagedesk/processing';
import { AppError, failureClass } from '@pagedesk/shared';
import { conversationStream } from '../conversations/conversation-stream';
import { ExecuteConversationCommand } from '../conversations/execute-conversation-command';
import { ExecuteConversationCommands } from '../conversations/execute-conversation-commands';
import {
  ConversationAdmission,
  toleratedOnArrival,
} from '../lifecycle/admission/conversation-admission';
import { ChatPluginVisitors } from './chat-plugin-visitors';
import { CustomerLinks, type CustomerLink } from './customer-links';
import { INBOUND_REACTOR, laneOfDelivery, type DeliveryReceived } from './inbox';
import { toIntent, type InboundIntent } from './messenger-to-command';
import { PageActivity } from './page-activity';
import { PageStore } from '../pages/page-store';
import { TenantDirectory } from '../tenants/tenant-directory';

type Update = Exclude<MessengerEvent, { kind: 'unknown' }>;

const RECORDS_MID = new Set(['CustomerMessageReceived', 'PostbackReceived', 'CsatAnswered']);

/**
 * Turns stored deliveries into conversation commands. Deterministic in its
 * inputs (the delivery's bytes and time), so re-running a delivery after a
 * crash re-derives the same commands and event ids: nothing is doubled.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);
  private readonly links: CustomerLinks;
  private readonly visitors: ChatPluginVisitors;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
    private readonly activity: PageActivity,
    private readonly admission: ConversationAdmission,
    private readonly pages: PageStore,
    private readonly tenants: TenantDirectory,
  ) {
    this.links = new CustomerLinks(store);
    this.visitors = new ChatPluginVisitors(store);
  }

  async processDelivery(delivery: RecordedEvent): Promise<void> {
    const { events, now } = await this.readDelivery(delivery);
    for (const [index, event] of events.entries()) {
      try {
        await this.processUpdate(event, this.contextOf(delivery, index, now));
      } catch (error) {
        // The store away or busy: the reactor tries the whole delivery again (what was applied is not applied twice).
        if (failureClass(error) === 'transient') throw error;
        await this.quarantineUpdate(delivery, index, event, error);
      }
    }
  }

  /** An operator's retry of one quarantined update (item = its index), with today's code; throws if it still fails. */
  async retryUpdate(delivery: RecordedEvent, item: number | null): Promise<void> {
    if (item === null) return this.processDelivery(delivery);
    const { events, now } = await this.readDelivery(delivery);
    const event = events[item];
    if (!event) throw new AppError('not_found', `the delivery has no update ${item}`);
    await this.processUpdate(event, this.contextOf(delivery, item, now));
  }

  private async readDelivery(delivery: RecordedEvent) {
    const { body } = delivery.data as unknown as DeliveryReceived;
    const parsed = parseWebhookDelivery(JSON.parse(body));
    const now = delivery.metadata.recordedAt;
    // Pages and queues are followed by their own subscriptions: let them reach this delivery first, so a page connected just before its first message is known.
    await Promise.all([
      this.pages.waitFor(delivery.globalPosition),
      this.tenants.waitFor(delivery.globalPosition),
    ]);
    this.activity.record(
      parsed.entries.map((e) => e.pageId),
      now,
    );
    return { events: parsed.events, now };
  }

  private contextOf(delivery: RecordedEvent, index: number, now: string): CommandContext {
    return {
      correlationId: delivery.metadata.correlationId,
      causationId: `${delivery.id}:${index}`,
      actor: 'facebook',
      now,
    };
  }

  /** Sets one update aside where its tenant's admins see it; the delivery's other updates go on. */
  private async quarantineUpdate(
    delivery: RecordedEvent,
    index: number,
    event: MessengerEvent,
    error: unknown,
  ): Promise<void> {
    const page = this.directory.findPage(event.pageId);
    this.logger.warn(
      { pageId: event.pageId, kind: event.kind, item: index, err: error },
      'update quarantined',
    );
    await quarantine(
      this.store,
      {
        reactor: INBOUND_REACTOR,
        event: delivery,
        item: index,
        lane: laneOfDelivery(delivery),
        tenantId: page?.tenantId ?? null,
        pageId: event.pageId,
      },
      error,
      delivery.metadata.recordedAt,
    );
  }

  private async processUpdate(event: MessengerEvent, context: CommandContext): Promise<void> {
    // Nothing here knows what to do with it; quarantined, a newer version can apply it on retry.
    if (event.kind === 'unknown')
      throw new AppError('invalid', `unsupported update: ${event.reason}`, {
        reason: 'unsupported_update',
      });
    const page = this.directory.findPage(event.pageId);
    if (!page) {
      this.logger.warn(
        { pageId: event.pageId, kind: event.kind },
        'update for a page nobody configured: dropped',
      );
      return;
    }
    const intent = toIntent(event, context.now);
    if (!intent) return;
    const link = await this.deliver(page, event, intent, context);
    if (link && intent.command.type === 'UpgradeGuest' && intent.command.data.psid) {
      await this.links.alias(
        page.pageId,
        { kind: 'psid', id: intent.command.data.psid },
        link.conversationId,
        context,
      );
    }
  }

  /** Applies the intent to the customer's open conversation, opening one when the customer reaches out. */
  private async deliver(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    context: CommandContext,
  ): Promise<CustomerLink | undefined> {
    let link =
      (await this.links.current(page.pageId, event.customer)) ??
      (await this.continueChatPluginVisitor(page, event, context));
    let opening = false;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!link) {
        if (!intent.opens) return this.skip(event, 'no conversation for this customer');
        link = await this.open(page, event, undefined, context);
        opening = true;
      }
      if (!opening && (await this.recordedEarlier(page, event, intent, link))) {
        return this.skip(event, 'already recorded in an earlier conversation');
      }
      try {
        await this.apply(page, event, intent, link, opening, context);
        return link;
      } catch (error) {
        if (!isConversationError(error)) throw error;
        if (error.reason === 'conversation_not_found' && intent.opens) {
          opening = true;
        } else if (error.reason === 'already_ended' && intent.opens) {
          link = await this.open(page, event, link, context);
          opening = true;
        } else {
          return this.skip(event, error.reason);
        }
      }
    }
    throw new Error(`could not route ${event.kind} for page ${page.pageId}`);
  }

  /**
   * A delivery processed again after a restart may find the customer already
   * in a newer conversation; the conversation's own mid check cannot see that
   * the message was recorded in the one before. Only a message older than the
   * current conversation's start (or one whose current conversation was linked
   * but never started) can be such a repeat, so only then are the earlier
   * conversations searched.
   */
  private async recordedEarlier(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    link: CustomerLink,
  ): Promise<boolean> {
    const { command } = intent;
    const mid =
      command.type === 'RecordCustomerMessage' || command.type === 'RecordPostback'
        ? command.data.mid
        : null;
    if (mid === null || link.sequence === 0) return false;
    // Linked but never started (a crash between the two): the message may still sit in an earlier one.
    const [started] = await this.store
      .readStream(conversationStream(link.conversationId), { maxCount: 1 })
      .catch((error: unknown) =>
        error instanceof StreamNotFoundError ? [] : Promise.reject(error),
      );
    const startedAt = (started?.data as { startedAt?: number } | undefined)?.startedAt;
    if (startedAt !== undefined && event.timestamp >= startedAt) return false;
    for (const conversationId of await this.links.earlier(page.pageId, event.customer, link)) {
      const events = await this.store.readStream(conversationStream(conversationId));
      if (events.some((e) => RECORDS_MID.has(e.type) && e.data.mid === mid)) return true;
    }
    return false;
  }

  /** Opening: start, admission and the customer's update go in as one append, so no one sees a conversation without its first message. */
  private async apply(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    link: CustomerLink,
    opening: boolean,
    context: CommandContext,
  ): Promise<void> {
    if (!opening) {
      await this.execute(link.conversationId, intent.command, context);
      return;
    }
    const commands = [
      this.startCommand(page, event, intent, link, context.now),
      ...this.admission.commandsFor(page, link.conversationId, event.timestamp, context.now),
      intent.command,
    ];
    await this.commands.execute(
      new ExecuteConversationCommands(link.conversationId, commands, context, toleratedOnArrival),
    );
  }

  private async open(
    page: PageIntegration,
    event: Update,
    previous: CustomerLink | undefined,
    context: CommandContext,
  ): Promise<CustomerLink> {
    const link = await this.links.linkNext(page.pageId, event.customer, previous, context);
    if (event.customer.kind === 'user_ref') {
      await this.visitors.opened(
        page.pageId,
        event.customer.id,
        link.conversationId,
        event.timestamp,
        context,
      );
    }
    return link;
  }

  /** A PSID's first Chat Plugin message may be a user_ref visitor replying: continue their conversation. */
  private async continueChatPluginVisitor(
    page: PageIntegration,
    event: Update,
    context: CommandContext,
  ): Promise<CustomerLink | undefined> {
    if (event.kind !== 'message' || !event.fromChatPlugin || event.customer.kind !== 'psid')
      return undefined;
    const visitor = await this.visitors.claim(
      page.pageId,
      event.customer.id,
      event.timestamp,
      context,
    );
    if (!visitor) return undefined;
    const psid = event.customer.id;
    await this.execute(
      visitor.conversationId,
      {
        type: 'ResolveUserRef',
        data: { userRef: visitor.userRef, psid, resolvedAt: event.timestamp },
        metadata: { now: context.now },
      },
      context,
    );
    await this.links.alias(page.pageId, event.customer, visitor.conversationId, context);
    return this.links.current(page.pageId, event.customer);
  }

  private startCommand(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    link: CustomerLink,
    now: string,
  ): ConversationCommand {
    return {
      type: 'StartConversation',
      data: {
        conversationId: link.conversationId,
        tenantId: page.tenantId,
        pageId: page.pageId,
        customer: event.customer,
        channel: intent.channel,
        referral: intent.referral,
        startedAt: event.timestamp,
      },
      metadata: { now },
    };
  }

  private execute(conversationId: string, command: ConversationCommand, context: CommandContext) {
    return this.commands.execute(new ExecuteConversationCommand(conversationId, command, context));
  }

  private skip(event: Update, reason: string): undefined {
    this.logger.debug({ pageId: event.pageId, kind: event.kind, reason }, 'update not applied');
    return undefined;
  }
}
