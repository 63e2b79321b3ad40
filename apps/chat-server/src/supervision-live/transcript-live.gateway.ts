import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { ProjectionCheckpoints } from '@pagedesk/processing';
import { ConversationList, TRANSCRIPT } from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import { IsUUID } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { answer, parsePayload, type SocketAnswer } from '../gateway/socket-ack';
import { userOf } from '../gateway/socket-auth';
import { ConversationFeed, type FeedItem } from '../routing/conversation-feed';
import { Coalescer } from './coalescer';
import { readModelReached } from './read-model-reached';

export class WatchTranscriptPayload {
  @IsUUID()
  conversationId!: string;
}

const watchersOf = (tenantId: string, conversationId: string) =>
  `t:${tenantId}:transcript:${conversationId}`;
const TRANSCRIPT_ROOM = /^t:(.+):transcript:([^:]+)$/;
/** A busy conversation (receipts, typing, messages) refreshes an open transcript at most this often. */
const TRANSCRIPT_UPDATE_MS = 200;

/**
 * Live transcripts on `/supervisor` (sockets authenticated by
 * SupervisorGateway): a supervisor watches the conversation they opened and
 * gets `transcript:changed` once the transcript read model holds each new
 * event (message, receipt, moment), so re-reading it shows the change.
 */
@WebSocketGateway({ namespace: '/supervisor' })
export class TranscriptLiveGateway implements OnGatewayInit, OnModuleDestroy {
  @WebSocketServer() private readonly server!: Namespace;
  private readonly updates = new Coalescer(TRANSCRIPT_UPDATE_MS);
  private readonly logger = new Logger(TranscriptLiveGateway.name);
  /** Conversations someone is watching, with their tenant; dropped when the last watcher leaves. */
  private readonly watched = new Map<string, string>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly list: ConversationList,
    private readonly checkpoints: ProjectionCheckpoints,
    feed: ConversationFeed,
  ) {
    feed.listen((item) => this.changed(item));
  }

  /**
   * The adapter deletes a room when its last socket leaves (unwatch or
   * disconnect): the entry goes with it, so a transcript opened after its
   * conversation ended, which no change will ever reach, is not kept.
   */
  afterInit(namespace: Namespace): void {
    namespace.adapter.on('delete-room', (room: unknown) => {
      const [, tenantId, conversationId] = TRANSCRIPT_ROOM.exec(String(room)) ?? [];
      if (conversationId && this.watched.get(conversationId) === tenantId)
        this.watched.delete(conversationId);
    });
  }

  /** How many transcripts are watched (docs/memory.md). */
  get watchedCount(): number {
    return this.watched.size;
  }

  onModuleDestroy(): void {
    this.stopping.abort();
    this.updates.stop();
  }

  @SubscribeMessage('transcript:watch')
  watch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return answer(this.logger, 'transcript:watch', async () => {
      const { conversationId } = await parsePayload(WatchTranscriptPayload, body);
      const tenantId = userOf(socket).tenantId!;
      // Another tenant's conversation answers like a missing one.
      if (!(await this.list.get(tenantId, conversationId)))
        throw new AppError('not_found', `no conversation ${conversationId}`);
      // Gone while the payload was checked: a room joined now would never be left.
      if (!socket.connected) return;
      await socket.join(watchersOf(tenantId, conversationId));
      this.watched.set(conversationId, tenantId);
    });
  }

  @SubscribeMessage('transcript:unwatch')
  unwatch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAnswer> {
    return answer(this.logger, 'transcript:unwatch', async () => {
      const { conversationId } = await parsePayload(WatchTranscriptPayload, body);
      await socket.leave(watchersOf(userOf(socket).tenantId!, conversationId));
    });
  }

  private changed({ conversationId, recorded, replay }: FeedItem): void {
    const tenantId = replay ? undefined : this.watched.get(conversationId);
    if (!tenantId) return;
    const room = watchersOf(tenantId, conversationId);
    const position = recorded.globalPosition;
    this.updates.run(room, () => {
      void readModelReached(this.checkpoints, TRANSCRIPT, position, this.stopping.signal).then(() =>
        this.server.to(room).emit('transcript:changed', { conversationId, position }),
      );
    });
  }
}
