import { Module } from '@nestjs/common';
import { TransferTargetsController } from './transfer-targets.controller';

/** What the agent desk reads beyond its socket (docs/socket-contract.md, "Desk REST"). */
@Module({ controllers: [TransferTargetsController] })
export class DeskModule {}
