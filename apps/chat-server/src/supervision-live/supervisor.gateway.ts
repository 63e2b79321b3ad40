import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { SocketSessions } from '../auth/socket-sessions';
import { SyncPayload } from '../gateway/payloads';
import { answer, parsePayload, type SocketAnswer } from '../gateway/socket-ack';
import { userOf } from '../gateway/socket-auth';
import { ConversationFeed, type FeedItem } from '../routing/conversation-feed';
import { LiveLoad } from '../routing/live-load';
import { Router } from '../routing/router';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { Coalescer } from './coalescer';

const supervisorsOf = (tenantId: string) => `t:${tenantId}:supervisors`;
/** A queue's figures go out at most this often (the latest at the end of a burst). */
const QUEUE_UPDATE_MS = 250;

/**
 * `/supervisor`: queue, agent and conversation changes of the caller's tenant
 * as they happen, so a dashboard needs no polling. `sync` gives the current
 * figures with the position they reflect (docs/socket-contract.md).
 */
@WebSocketGateway({ namespace: '/supervisor' })
export class SupervisorGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  @WebSocketServer() private readonly server!: Namespace;
  private readonly queueUpdates = new Coalescer(QUEUE_UPDATE_MS);
  private readonly logger = new Logger(SupervisorGateway.name);

  constructor(
    private readonly sessions: SocketSessions,
    private readonly live: LiveLoad,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    feed: ConversationFeed,
    router: Router,
  ) {
    feed.listen((item) => this.conversationChanged(item));
    router.listen({
      queueChanged: (tenantId, queueId) => {
        if (queueId === null || !this.watched(tenantId)) return;
        // The figures are computed when sent, so the coalesced update is the current one.
        this.queueUpdates.run(`${tenantId}\n${queueId}`, () =>
          this.toTenant(tenantId, 'queue:updated', {
            queueId,
            ...this.live.queue(tenantId, queueId),
            position: this.live.position,
          }),
        );
      },
      agentChanged: (tenantId, agentId) => {
        if (!this.watched(tenantId)) return;
        this.toTenant(tenantId, 'agent:updated', {
          ...this.live.agent(agentId),
          position: this.live.position,
        });
      },
    });
  }

  onModuleDestroy(): void {
    this.queueUpdates.stop();
  }

  afterInit(namespace: Namespace): void {
    this.sessions.guard(namespace, ['supervisor', 'admin']);
  }

  async handleConnection(socket: Socket): Promise<void> {
    await socket.join(supervisorsOf(userOf(socket).tenantId!));
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return answer(this.logger, 'sync', async () => {
      await parsePayload(SyncPayload, body, { optional: true });
      const tenantId = userOf(socket).tenantId!;
      const queues = this.directory.queuesIn(tenantId);
      const agents = new Set(queues.flatMap((q) => q.members));
      return {
        position: this.live.position,
        queues: queues.map((q) => ({
          queueId: q.queueId,
          ...this.live.queue(tenantId, q.queueId),
        })),
        agents: [...agents].map((id) => this.live.agent(id)),
      };
    });
  }

  private conversationChanged({ change, recorded, replay }: FeedItem): void {
    if (replay || !change || !this.watched(change.after.tenantId)) return;
    const { after } = change;
    this.toTenant(after.tenantId, 'conversation:updated', {
      conversationId: after.conversationId,
      pageId: after.pageId,
      status: after.status,
      queue: after.status === 'queued' || after.status === 'assigned' ? after.queue : null,
      agentId: after.status === 'assigned' || after.status === 'ended' ? after.agentId : null,
      position: recorded.globalPosition,
    });
  }

  /** Figures nobody is watching are not worth computing. */
  private watched(tenantId: string): boolean {
    return (this.server.adapter.rooms.get(supervisorsOf(tenantId))?.size ?? 0) > 0;
  }

  private toTenant(tenantId: string, name: string, payload: object): void {
    this.server.to(supervisorsOf(tenantId)).emit(name, payload);
  }
}
