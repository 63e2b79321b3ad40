import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConversationAdmission } from './admission/conversation-admission';
import { CLOCK, type Clock } from './clock';

/**
 * The clock, and how a new conversation is admitted (working hours). Global
 * because InboundModule admits conversations and the scheduler, which needs
 * InboundModule's page directory, lives in its own module (SchedulerModule).
 */
@Global()
@Module({})
export class LifecycleModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: LifecycleModule,
      providers: [{ provide: CLOCK, useValue: clock }, ConversationAdmission],
      exports: [CLOCK, ConversationAdmission],
    };
  }
}
