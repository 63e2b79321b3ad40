import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { validateEnv } from './config/env';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { ConversationsModule } from './conversations/conversations.module';
import { InboundModule } from './inbound/inbound.module';
import { ReadModelDbModule } from './read-models/read-model-db.module';
import { LoggingModule } from './logging/logging.module';

@Module({})
export class AppModule {
  /** A function, not a static decorator, so configuration is validated when main() asks, not at import. */
  static register(env: Record<string, unknown> = process.env): DynamicModule {
    const validated = validateEnv(env);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => validated }),
        LoggingModule,
        CqrsModule.forRoot(),
        EventStoreModule,
        ReadModelDbModule,
        HealthModule,
        ConversationsModule,
        InboundModule,
      ],
    };
  }
}
