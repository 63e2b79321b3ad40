import { Module } from '@nestjs/common';
import { InternalNotes } from './internal-notes';
import { NotesController } from './notes.controller';
import { TransferTargetsController } from './transfer-targets.controller';
import { WrapUpTags } from './wrap-up-tags';
import { WrapUpTagsController } from './wrap-up-tags.controller';

/** What the agent desk needs beyond routing: the transfer dialog's lists, internal notes and wrap-up tags (docs/socket-contract.md). */
@Module({
  controllers: [TransferTargetsController, NotesController, WrapUpTagsController],
  providers: [InternalNotes, WrapUpTags],
  exports: [InternalNotes, WrapUpTags],
})
export class DeskModule {}
