import { Module } from '@nestjs/common';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { Customers } from '@pagedesk/read-models';
import { InboundModule } from '../inbound/inbound.module';
import { READ_MODEL_SQL } from '../read-models/projections.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { CannedResponses } from './canned-responses';
import { CannedResponsesController } from './canned-responses.controller';
import { CustomerContextController } from './customer-context.controller';
import { InternalNotes } from './internal-notes';
import { NotesController } from './notes.controller';
import { TransferTargetsController } from './transfer-targets.controller';
import { WrapUpTags } from './wrap-up-tags';
import { WrapUpTagsController } from './wrap-up-tags.controller';

/** What the agent desk needs beyond routing: the transfer dialog's lists, internal notes, wrap-up tags, canned responses and the customer panel (docs/socket-contract.md, docs/web-app.md). */
@Module({
  imports: [SupervisionModule, InboundModule],
  controllers: [
    TransferTargetsController,
    NotesController,
    WrapUpTagsController,
    CannedResponsesController,
    CustomerContextController,
  ],
  providers: [
    InternalNotes,
    WrapUpTags,
    CannedResponses,
    {
      provide: Customers,
      inject: [READ_MODEL_SQL],
      useFactory: (db: AsyncSqlDb) => new Customers(db),
    },
  ],
  exports: [InternalNotes, WrapUpTags, Customers],
})
export class DeskModule {}
