import { Module } from '@nestjs/common';
import { CannedResponses } from './canned-responses';
import { CannedResponsesController } from './canned-responses.controller';
import { InternalNotes } from './internal-notes';
import { NotesController } from './notes.controller';
import { TransferTargetsController } from './transfer-targets.controller';
import { WrapUpTags } from './wrap-up-tags';
import { WrapUpTagsController } from './wrap-up-tags.controller';

/** What the agent desk needs beyond routing: the transfer dialog's lists, internal notes, wrap-up tags and canned responses (docs/socket-contract.md). */
@Module({
  controllers: [
    TransferTargetsController,
    NotesController,
    WrapUpTagsController,
    CannedResponsesController,
  ],
  providers: [InternalNotes, WrapUpTags, CannedResponses],
  exports: [InternalNotes, WrapUpTags],
})
export class DeskModule {}
