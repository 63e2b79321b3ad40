import { Module } from '@nestjs/common';
import { InboundModule } from '../inbound/inbound.module';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';

/** REST for page integrations; the page source itself is PageStoreModule (global). */
@Module({
  imports: [InboundModule],
  controllers: [PagesController],
  providers: [PagesService],
})
export class PagesModule {}
