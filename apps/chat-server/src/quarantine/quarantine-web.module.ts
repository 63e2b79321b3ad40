import { Module } from '@nestjs/common';
import { QuarantineController } from './quarantine.controller';

/** The REST routes over QuarantineModule (global): only where HTTP is served. */
@Module({ controllers: [QuarantineController] })
export class QuarantineWebModule {}
