import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isConversationError, type ConversationCommand } from '@pagedesk/conversation';
import {
  EVENT_STORE,
  type CommandContext,
  type EventStore,
  type RecordedEvent,
  type StreamRead,
} from '@pagedesk/event-store';
import type { CustomerIdentity } from '@pagedesk/conversation';
import {
  conversationView,
  heldMids,
  IdentityMovedError,
  isReceipt,
  linksAfterApplied,
  mayContinueUserRef,
  routeOf,
  routeTarget,
  updateKey,
  type ConversationView,
  type HeldMids,
  type IdentityState,
} from '@pagedesk/identity';
import { PAGE_DIRECTORY, type PageDirectory, type PageIntegration } from '@pagedesk/integrations';
import type { MessengerEvent } from '@pagedesk/messenger';
import { quarantine } from '@pagedesk/processing';
import { AppError, failureClass } from '@pagedesk/shared';
import { ConversationStates } from '../conversations/conversation-states';
import { ExecuteConversationCommand } from '../conversations/execute-conversation-command';
import { ExecuteConversationCommands } from '../conversations/execute-conversation-commands';
import {
  ConversationAdmission,
  toleratedOnArrival,
} from '../lifecycle/admission/conversation-admission';
import { ChatPluginVisitors } from './chat-plugin-visitors';
import { CustomerIdentities } from './customer-identities';
import { INBOUND_REACTOR, laneOfDelivery, parsedDelivery } from './inbox';
import { toIntent, type InboundIntent } from './messenger-to-command';
import { PageActivity } from './page-activity';
import { PageStore } from '../pages/page-store';
import { TenantDirectory } from '../tenants/tenant-directory';

type Update = Exclude<MessengerEvent, { kind: 'unknown' }>;

/** The conversation changed under the apply (started or ended by another writer): look again. */
const RACES = new Set(['already_started', 'already_ended', 'conversation_not_found']);

/**
 * Turns stored deliveries into conversation commands. Deterministic in its
 * inputs (the delivery's bytes and time), so re-running a delivery after a
 * crash re-derives the same commands and event ids: nothing is doubled.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);
  private readonly identities: CustomerIdentities;
  private readonly visitors: ChatPluginVisitors;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
    private readonly activity: PageActivity,
    private readonly admission: ConversationAdmission,
    private readonly pages: PageStore,
    private readonly tenants: TenantDirectory,
    private readonly conversations: ConversationStates,
  ) {
    this.identities = new CustomerIdentities(store);
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
    const parsed = parsedDelivery(delivery);
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
    const unchanged = await this.continueChatPluginVisitor(page, event, context);
    const conversationId = await this.deliver(page, event, intent, context, unchanged);
    if (!conversationId) return;
    for (const link of linksAfterApplied(page.pageId, intent.command, conversationId)) {
      const leaving = await this.leaving(link.pageId, link.customer);
      await this.identities.handle(
        { type: 'LinkUpgradedGuest', data: { ...link, leaving } },
        context,
      );
    }
  }

  /** The conversation an identity leaves when it is linked elsewhere, with the mids it holds (they stay routed there). */
  private async leaving(pageId: string, customer: CustomerIdentity): Promise<HeldMids | null> {
    const state = await this.identities.state(pageId, customer);
    if (state.status === 'unlinked') return null;
    const { conversationId } = state.current;
    return heldMids(conversationId, await this.conversations.state(conversationId));
  }

  /**
   * Routes the update (customerIdentity decides, the route is recorded first
   * unless the conversation keeps the update's mid), then applies it there. Returns the conversation that holds it, undefined
   * when it went nowhere. A new route, or a conversation that changed under
   * the apply (started or ended by someone else), is looked at and decided again.
   */
  private async deliver(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    context: CommandContext,
    /** The identity as just known, so the first attempt need not look again. */
    identity?: StreamRead<IdentityState>,
  ): Promise<string | undefined> {
    const update = {
      key: updateKey(intent.command, context.causationId),
      receipt: isReceipt(intent.command),
    };
    /** What the next attempt decides on: none after a refusal or a race, so it reads. */
    let decideOn = identity;
    for (let attempt = 0; attempt < 4; attempt++) {
      const read =
        decideOn ??
        (attempt === 0
          ? await this.identities.known(page.pageId, event.customer)
          : await this.identities.read(page.pageId, event.customer));
      decideOn = undefined;
      const target = routeTarget(read.state, update.key);
      const seen = target
        ? conversationView(target, await this.targetState(target, attempt), intent.command)
        : null;
      // Not spread from `update`: properties after a spread cost a runtime call each (parse-event.ts).
      const data = {
        pageId: page.pageId,
        customer: event.customer,
        key: update.key,
        receipt: update.receipt,
        opens: intent.opens,
        seen,
      };
      let routed: StreamRead<IdentityState>;
      try {
        // Decided on the state the route was chosen from: a no-op needs no second read to confirm it.
        routed = await this.identities.handle({ type: 'RouteUpdate', data }, context, read);
      } catch (error) {
        if (error instanceof IdentityMovedError) continue;
        throw error;
      }
      const routedTo = routeOf(routed.state, update);
      if (!routedTo) return this.skip(event, 'no conversation for this customer');
      if (!seen || routedTo !== seen.conversationId) {
        // A new route (the link of a first message): the state its own append left, which that append proved.
        if (routed.revision !== read.revision) decideOn = routed;
        continue;
      }
      const outcome = await this.apply(page, event, intent, seen, context);
      if (outcome !== 'raced') return outcome === 'applied' ? routedTo : undefined;
    }
    throw new Error(`could not route ${event.kind} for page ${page.pageId}`);
  }

  /**
   * The conversation routing looks at. First, the state this thread's own
   * last append left, unread: every decision taken on it is then proved by
   * the apply's append, which expects that revision (a conflict: the command
   * decides again on a read, and a refusal there makes this look again, on
   * reads), or is one a later event cannot undo (it holds the update). That is
   * the race of a read followed by another writer's event, which routing
   * already meets. A second look reads.
   */
  private async targetState(conversationId: string, attempt: number) {
    const own = attempt === 0 ? this.conversations.appendedHere(conversationId) : undefined;
    return own?.state ?? (await this.conversations.state(conversationId));
  }

  /** Opening: start, admission and the customer's update go in as one append, so no one sees a conversation without its first message. */
  private async apply(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    seen: ConversationView,
    context: CommandContext,
  ): Promise<'applied' | 'skipped' | 'raced'> {
    const { conversationId, status } = seen;
    if (status === 'holds') return 'applied';
    if (status === 'absent' && !intent.opens) {
      this.skip(event, 'conversation never started');
      return 'skipped';
    }
    try {
      if (status !== 'absent') {
        await this.execute(conversationId, intent.command, context);
        return 'applied';
      }
      if (event.customer.kind === 'user_ref') {
        await this.visitors.opened(
          page.pageId,
          event.customer.id,
          conversationId,
          event.timestamp,
          context,
        );
      }
      const commands = [
        this.startCommand(page, event, intent, conversationId, context.now),
        ...this.admission.commandsFor(page, conversationId, event.timestamp, context.now),
        intent.command,
      ];
      await this.commands.execute(
        new ExecuteConversationCommands(conversationId, commands, context, toleratedOnArrival),
      );
      return 'applied';
    } catch (error) {
      if (!isConversationError(error)) throw error;
      if (intent.opens && RACES.has(error.reason)) return 'raced';
      this.skip(event, error.reason);
      return 'skipped';
    }
  }

  /**
   * A PSID's first Chat Plugin message may be a user_ref visitor replying:
   * continue their conversation. Returns the identity it read when it went
   * no further than that read.
   */
  private async continueChatPluginVisitor(
    page: PageIntegration,
    event: Update,
    context: CommandContext,
  ): Promise<StreamRead<IdentityState> | undefined> {
    if (event.kind !== 'message') return undefined;
    const read = await this.identities.known(page.pageId, event.customer);
    if (
      !mayContinueUserRef(read.state, {
        customer: event.customer,
        fromChatPlugin: event.fromChatPlugin,
      })
    )
      return read;
    const psid = event.customer.id;
    const visitor = await this.visitors.claim(page.pageId, psid, event.timestamp, context);
    if (!visitor) return undefined;
    const { userRef, conversationId } = visitor;
    await this.execute(
      conversationId,
      {
        type: 'ResolveUserRef',
        data: { userRef, psid, resolvedAt: event.timestamp },
        metadata: { now: context.now },
      },
      context,
    );
    const leaving = await this.leaving(page.pageId, event.customer);
    await this.identities.handle(
      {
        type: 'LinkResolvedUserRef',
        data: { pageId: page.pageId, customer: event.customer, userRef, conversationId, leaving },
      },
      context,
    );
  }

  private startCommand(
    page: PageIntegration,
    event: Update,
    intent: InboundIntent,
    conversationId: string,
    now: string,
  ): ConversationCommand {
    return {
      type: 'StartConversation',
      data: {
        conversationId,
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
