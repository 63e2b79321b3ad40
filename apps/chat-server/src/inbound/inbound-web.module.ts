import { Module } from '@nestjs/common';
import { InboundModule } from './inbound.module';
import { MessengerWebhookController } from './webhook.controller';

/** The webhook's routes over InboundModule: only where HTTP is served. */
@Module({ imports: [InboundModule], controllers: [MessengerWebhookController] })
export class InboundWebModule {}
