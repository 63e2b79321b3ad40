import { Module } from '@nestjs/common';
import { InternalNotes } from './internal-notes';
import { NotesController } from './notes.controller';
import { TransferTargetsController } from './transfer-targets.controller';

/** What the agent desk needs beyond routing: the transfer dialog's lists and internal notes (docs/socket-contract.md). */
@Module({
  controllers: [TransferTargetsController, NotesController],
  providers: [InternalNotes],
  exports: [InternalNotes],
})
export class DeskModule {}
