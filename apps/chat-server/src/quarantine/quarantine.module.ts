import { Global, Module } from '@nestjs/common';
import { QuarantineController } from './quarantine.controller';
import { QuarantineView } from './quarantine-view';

/** The dead-letter streams made visible: /ready counts them, admins list and retry them. */
@Global()
@Module({
  controllers: [QuarantineController],
  providers: [QuarantineView],
  exports: [QuarantineView],
})
export class QuarantineModule {}
