import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { AGENT_PUSH_BATCH, type BatchedPush, type BatchedPushName } from '@pagedesk/contracts';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { Customers } from '@pagedesk/read-models';
import type { RoutedConversation } from '@pagedesk/routing';
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';
import { SocketSessions } from '../auth/socket-sessions';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { InternalNotes } from '../desk/internal-notes';
import { WrapUpTags } from '../desk/wrap-up-tags';
import { SendAgentMessage } from '../outbound/send-agent-message/send-agent-message';
import { SendAgentReaction } from '../outbound/send-agent-reaction/send-agent-reaction';
import { SendSenderAction } from '../outbound/send-sender-action/send-sender-action';
import { ConversationFeed, type FeedItem } from '../routing/conversation-feed';
import { Router } from '../routing/router';
import type { Waiting } from '../routing/routing-events';
import { AgentOutbox } from './agent-outbox';
import { pushFor, type ConversationPush } from './agent-pushes';
import { chatHistory } from './chat-history';
import { ChatSummaries } from './chat-summaries';
import { DeliveryLedger } from './delivery-ledger';
import {
  ClosePayload,
  ConversationPayload,
  NotePayload,
  ReactPayload,
  SendPayload,
  StatusPayload,
  SyncPayload,
  TransferPayload,
  TypingPayload,
} from './payloads';
import { answer as answerWith, exactlyOne, parsePayload, type SocketAnswer } from './socket-ack';
import { userOf, waitForRouting } from './socket-auth';

/** One room per agent; the tenant is part of the name so no push can cross tenants. */
export const agentRoom = (tenantId: string, agentId: string) => `t:${tenantId}:agent:${agentId}`;

/**
 * The agent desktop's socket (docs/socket-contract.md). Pushes come only from
 * the feed and the router, after commit, each with its log position; client
 * events are checked, turned into commands and answered through the ack.
 */
@WebSocketGateway({ namespace: '/agent' })
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() private readonly server!: Namespace;
  private readonly logger = new Logger(AgentGateway.name);
  readonly summaries: ChatSummaries;
  private readonly deliveries = new DeliveryLedger();
  /** Sockets per agent: the agent is away only when the last one closes. */
  private readonly connections = new Map<string, number>();
  /** Pushes leave once per event-loop turn, one batch per agent (docs/socket-contract.md). */
  private readonly outbox = new AgentOutbox(
    (rooms, batch) => this.server.to(rooms).emit(AGENT_PUSH_BATCH, batch),
    this.logger,
    () => this.router.settle(),
  );

  constructor(
    private readonly sessions: SocketSessions,
    private readonly feed: ConversationFeed,
    private readonly router: Router,
    private readonly sendMessage: SendAgentMessage,
    private readonly senderAction: SendSenderAction,
    private readonly reactions: SendAgentReaction,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly pages: PageDirectory,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    private readonly notes: InternalNotes,
    private readonly wrapUps: WrapUpTags,
    customers: Customers,
  ) {
    this.summaries = new ChatSummaries(customers);
    feed.prepare((item) => this.summaries.prepare(item));
    feed.fold((item) => {
      // An offer made earlier in this turn may describe the chat as it was before this event.
      this.outbox.forget();
      this.summaries.apply(item);
    });
    feed.keep(this.summaries);
    feed.listen((item) => this.onFeed(item));
    router.listen({
      offered: (agentId, conversation) => this.offered(agentId, conversation),
      waitingChanged: (tenantId, agentIds, waiting, position) => {
        // One push for all of them: one encoding for the rooms whose batches hold only it.
        const push: BatchedPush = { name: 'agent:waiting', payload: { waiting, position } };
        for (const agentId of agentIds) this.outbox.push(agentRoom(tenantId, agentId), push);
      },
      withdrawn: (agentId, conversationId, position) =>
        this.toAgentShared(
          conversation(this.feed, conversationId)?.tenantId,
          agentId,
          `chat:request_withdrawn ${conversationId} ${position}`,
          () => ({ name: 'chat:request_withdrawn', payload: { conversationId, position } }),
        ),
    });
  }

  /** Agents with at least one socket open (docs/memory.md). */
  get connectedAgents(): number {
    return this.connections.size;
  }

  afterInit(namespace: Namespace): void {
    waitForRouting(namespace, () => this.feed.loaded());
    this.sessions.guard(namespace, ['agent']);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = userOf(socket);
    await socket.join(agentRoom(user.tenantId!, user.userId));
    const count = (this.connections.get(user.userId) ?? 0) + 1;
    this.connections.set(user.userId, count);
    if (count === 1) this.router.connected(user);
  }

  handleDisconnect(socket: Socket): void {
    const user = socket.data.user as AuthUser | undefined;
    if (!user) return;
    const count = (this.connections.get(user.userId) ?? 1) - 1;
    if (count > 0) {
      this.connections.set(user.userId, count);
      return;
    }
    this.connections.delete(user.userId);
    this.router.disconnected(user);
  }

  @SubscribeMessage('agent:status')
  status(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'agent:status', async () => {
      const { status } = await parsePayload(StatusPayload, body);
      this.router.setStatus(userOf(socket), status);
      return { status };
    });
  }

  @SubscribeMessage('chat:accept')
  accept(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:accept', async () => {
      const { conversationId } = await parsePayload(ConversationPayload, body);
      await this.router.accept(userOf(socket), conversationId);
      return { conversationId };
    });
  }

  @SubscribeMessage('chat:send')
  send(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:send', async () => {
      const payload = await parsePayload(SendPayload, body);
      exactlyOne(payload, 'text', 'content');
      const agent = userOf(socket);
      this.router.own(agent, payload.conversationId);
      const { messageId } = await this.sendMessage.execute({
        conversationId: payload.conversationId,
        agentId: agent.userId,
        clientMessageId: payload.clientMessageId,
        content: payload.content ?? { kind: 'text', text: payload.text },
      });
      return { conversationId: payload.conversationId, messageId };
    });
  }

  @SubscribeMessage('chat:typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:typing', async () => {
      const { conversationId, on } = await parsePayload(TypingPayload, body);
      const agent = userOf(socket);
      this.router.own(agent, conversationId);
      await this.senderAction.execute({
        conversationId,
        agentId: agent.userId,
        action: on ? 'typing_on' : 'typing_off',
      });
    });
  }

  @SubscribeMessage('chat:close')
  close(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:close', async () => {
      const { conversationId, wrapUpTags = [] } = await parsePayload(ClosePayload, body);
      const agent = userOf(socket);
      // Whose chat it is comes first: another tenant's answers not_found whatever the tags.
      this.router.assignedTo(agent, conversationId);
      const tags = await this.wrapUps.resolve(agent.tenantId!, wrapUpTags);
      await this.router.close(agent, conversationId, tags);
      return { conversationId };
    });
  }

  @SubscribeMessage('chat:transfer')
  transfer(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:transfer', async () => {
      const payload = await parsePayload(TransferPayload, body);
      exactlyOne(payload, 'toAgentId', 'toQueueId');
      await this.router.transfer(
        userOf(socket),
        payload.conversationId,
        payload.toAgentId !== undefined
          ? { kind: 'agent', agentId: payload.toAgentId }
          : { kind: 'queue', queue: payload.toQueueId! },
        payload.note ?? null,
      );
      return { conversationId: payload.conversationId };
    });
  }

  @SubscribeMessage('chat:react')
  react(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:react', async () => {
      const payload = await parsePayload(ReactPayload, body);
      const agent = userOf(socket);
      this.router.own(agent, payload.conversationId);
      const { reactionId } = await this.reactions.execute({
        conversationId: payload.conversationId,
        agentId: agent.userId,
        mid: payload.messageId,
        reaction: payload.reaction,
      });
      return { conversationId: payload.conversationId, reactionId };
    });
  }

  /** Only the agent who has the chat writes notes on it here; supervisors use REST. */
  @SubscribeMessage('chat:note')
  note(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'chat:note', async () => {
      const { conversationId, noteId, text } = await parsePayload(NotePayload, body);
      const agent = userOf(socket);
      this.router.assignedTo(agent, conversationId);
      await this.notes.add(conversationId, agent.userId, noteId, text);
      return { conversationId, noteId };
    });
  }

  /**
   * Everything the desktop needs after a (re)connect, as of one log position:
   * pushes at or below it are reflected here; later ones arrive as usual.
   */
  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return this.answer(socket, 'sync', async () => {
      await parsePayload(SyncPayload, body, { optional: true });
      const agent = userOf(socket);
      const position = this.feed.position;
      const held = this.feed.book
        .heldBy(agent.userId)
        .map((id) => this.feed.book.conversation(id)!);
      const offers = this.router.offersOf(agent.userId).map((c) => this.describe(c));
      const chats = await Promise.all(
        held.map(async (c) => ({
          ...this.describe(c),
          events: await chatHistory(this.store, c.conversationId, position, this.nameOf),
        })),
      );
      const presence = this.feed.book.presence(agent.userId);
      return {
        position,
        status: presence?.ready ? 'ready' : 'not_ready',
        chats,
        offers,
        waiting: this.router.waitingFor(agent.userId),
      };
    });
  }

  private onFeed(item: FeedItem): void {
    // Folded during the replay at start too, so statuses pushed later build on the whole history.
    const messages = this.deliveries.apply(item.conversationId, item.event);
    if (item.replay) return;
    const { conversationId, event, recorded } = item;
    const position = recorded.globalPosition;
    const now = conversation(this.feed, conversationId);
    if (!now) return;
    const holder = now.status === 'assigned' || now.status === 'ended' ? now.agentId : null;
    // Built only for a holder's room: most events at load are a waiting chat's, which no socket gets.
    if (holder && now.tenantId) {
      const push = this.withKnownProfile(
        pushFor(conversationId, event, position, messages, this.nameOf),
        event.type,
      );
      if (push) this.toAgent(now.tenantId, holder, push.name, push.payload);
    }
    if (event.type === 'AgentAssigned') {
      this.toAgent(now.tenantId, event.data.agentId, 'chat:assigned', {
        ...this.describe(now),
        agentId: event.data.agentId,
        assignedBy: event.data.assignedBy,
        previousAgentId: event.data.previousAgentId,
        position,
      });
      if (event.data.previousAgentId) {
        this.toAgent(now.tenantId, event.data.previousAgentId, 'chat:ended', {
          conversationId,
          reason: 'transferred',
          at: event.data.assignedAt,
          position,
        });
      }
    }
    // A waiting customer's name (or PSID) became known: the cards already shown are told again.
    if (
      now.status === 'queued' &&
      (event.type === 'CustomerProfileFetched' ||
        event.type === 'GuestUpgraded' ||
        event.type === 'UserRefResolved')
    ) {
      for (const agentId of this.router.shownTo(conversationId)) this.offered(agentId, now);
    }
    if (event.type === 'ConversationRequeued') {
      this.toAgent(now.tenantId, event.data.previousAgentId, 'chat:ended', {
        conversationId,
        reason: event.data.reason === 'transferred' ? 'transferred' : 'requeued',
        at: event.data.queuedAt,
        position,
      });
    }
  }

  /**
   * A guest's upgrade to a PSID known from earlier conversations names them in the same push
   * (ChatSummaries looked the profile up), rather than only once the profile fetch answers.
   */
  private withKnownProfile(
    push: ConversationPush | undefined,
    type: FeedItem['event']['type'],
  ): ConversationPush | undefined {
    if (push?.name !== 'chat:customer_updated') return push;
    if (type !== 'GuestUpgraded' && type !== 'UserRefResolved') return push;
    const known = this.summaries.customerOf(push.payload.conversationId);
    if (!known || (known.name === null && known.pictureUrl === null)) return push;
    return {
      ...push,
      payload: { ...push.payload, name: known.name, pictureUrl: known.pictureUrl },
    };
  }

  /** One description per chat and turn, however many agents it is offered to. */
  private offered(agentId: string, waiting: Waiting): void {
    const key = `chat:requested ${waiting.conversationId} ${waiting.position}`;
    this.toAgentShared(waiting.tenantId, agentId, key, () => ({
      name: 'chat:requested',
      payload: { ...this.describe(waiting), position: waiting.position },
    }));
  }

  private describe(conversation: RoutedConversation) {
    return this.summaries.describe(
      conversation,
      this.pages.findPage(conversation.pageId)?.name,
      this.nameOf,
    );
  }

  private readonly nameOf = (userId: string): string | null =>
    this.directory.findUser(userId)?.displayName ?? null;

  private toAgent(
    tenantId: string | undefined,
    agentId: string,
    name: BatchedPushName,
    payload: object,
  ) {
    if (tenantId) this.outbox.push(agentRoom(tenantId, agentId), { name, payload });
  }

  private toAgentShared(
    tenantId: string | undefined,
    agentId: string,
    key: string,
    make: () => BatchedPush,
  ) {
    if (tenantId) this.outbox.push(agentRoom(tenantId, agentId), this.outbox.shared(key, make));
  }

  /** Every event is answered through its ack, after the pushes to this agent made before the answer. */
  private answer(
    socket: Socket,
    event: string,
    work: () => Promise<Readonly<Record<string, unknown>> | void>,
  ): Promise<SocketAnswer> {
    return answerWith(this.logger, event, work).finally(() => {
      const user = socket.data.user as AuthUser | undefined;
      if (!user?.tenantId) return;
      this.router.settle(user.userId);
      this.outbox.flushRoom(agentRoom(user.tenantId, user.userId));
    });
  }
}

const conversation = (feed: ConversationFeed, conversationId: string) =>
  feed.book.conversation(conversationId);
