import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Reactor } from '@pagedesk/processing';
import type Database from 'better-sqlite3';
import { InboundModule } from '../inbound/inbound.module';
import { READ_MODEL_DB } from '../read-models/read-model-db.module';
import { AutomaticMessages } from './automatic-messages/automatic-messages';
import { OutboxDelivery } from './outbox/outbox-delivery';
import { OutboxIndex } from './outbox/outbox-index';
import { OutboxLanes } from './outbox/outbox-lanes';
import { SendAgentMessage } from './send-agent-message/send-agent-message';
import { SendAgentReaction } from './send-agent-reaction/send-agent-reaction';
import { SendSenderAction } from './send-sender-action/send-sender-action';
import { BackgroundWork } from '../processing/background-work';
import type { Env } from '../config/env';
import { BlobStore } from './uploads/blob-store';
import { BlobSweeper } from './uploads/blob-sweeper';
import { BlobUses } from './uploads/blob-uses';
import { SendAgentUpload } from './uploads/send-agent-upload';

/**
 * Outbound to Messenger. Two reactors on the log: one asks for the page's
 * automatic messages, one indexes the outbox and wakes the conversation's
 * lane; the lanes deliver (see docs/outbound.md). The upload routes are
 * OutboundWebModule.
 */
@Module({
  imports: [InboundModule],
  providers: [
    {
      provide: BlobStore,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        new BlobStore(
          config.get('BLOB_DIR', { infer: true }) ?? join(config.get('DATA_DIR'), 'blobs'),
        ),
    },
    SendAgentUpload,
    {
      provide: BlobUses,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new BlobUses(db),
    },
    {
      provide: BlobSweeper,
      inject: [BlobUses, BlobStore, ConfigService],
      useFactory: (uses: BlobUses, blobs: BlobStore, config: ConfigService<Env, true>) =>
        new BlobSweeper(uses, blobs, {
          retentionMs: config.get('BLOB_RETENTION_DAYS') * 86_400_000,
          intervalMs: config.get('BLOB_SWEEP_INTERVAL_MS'),
        }),
    },
    {
      provide: OutboxIndex,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new OutboxIndex(db),
    },
    OutboxDelivery,
    OutboxLanes,
    AutomaticMessages,
    SendAgentMessage,
    SendSenderAction,
    SendAgentReaction,
  ],
  exports: [SendAgentMessage, SendSenderAction, SendAgentReaction, SendAgentUpload, BlobStore],
})
export class OutboundModule {
  readonly reactors: Reactor[];

  constructor(
    work: BackgroundWork,
    index: OutboxIndex,
    readonly lanes: OutboxLanes,
    automatic: AutomaticMessages,
    uses: BlobUses,
    sweeper: BlobSweeper,
  ) {
    // Before the reactors, and only where the work lease is held: what the index has pending goes out first.
    work.add({
      start: () => {
        lanes.start();
        for (const conversationId of index.pendingConversations()) lanes.kick(conversationId);
      },
      stop: () => lanes.stop(),
      health: () => lanes.status(),
    });
    // One node deletes: the blob store is shared (docs/blob-store.md), and so is the decision.
    work.add({
      start: () => sweeper.start(),
      stop: () => sweeper.stop(),
      health: () => sweeper.status(),
    });
    this.reactors = [
      work.reactor({
        name: 'automatic-messages',
        accepts: (e) => automatic.accepts(e),
        filter: AutomaticMessages.FILTER,
        handle: (e) => automatic.handle(e),
      }),
      // On every node, so a node taking the work lease over finds in its own index every request not yet delivered.
      work.localIndex({
        name: 'outbox',
        accepts: (e) => index.accepts(e),
        filter: OutboxIndex.FILTER,
        handle: async (e) => {
          const conversationId = index.apply(e);
          // A standby's lanes are not started: the kick is ignored, the row stays for its takeover.
          if (conversationId !== undefined) lanes.kick(conversationId);
        },
      }),
      work.reactor({
        name: 'blob-uses',
        accepts: (e) => uses.accepts(e),
        filter: BlobUses.FILTER,
        handle: async (e) => uses.apply(e),
      }),
    ];
  }

  /** Waits until every request stored so far is delivered or given up on (tests, benchmarks). */
  async settled(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await Promise.all(this.reactors.map((r) => r.settled()));
      await this.lanes.idle();
    }
  }
}
