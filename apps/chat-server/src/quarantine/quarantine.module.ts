import { Global, Module } from '@nestjs/common';
import { QuarantineView } from './quarantine-view';

/** The dead-letter streams made visible: /ready counts them, admins list and retry them (QuarantineWebModule). */
@Global()
@Module({
  providers: [QuarantineView],
  exports: [QuarantineView],
})
export class QuarantineModule {}
