import { Global, Module } from '@nestjs/common';
import { PageCommands } from './page-commands';
import { PageStore } from './page-store';
import { secretBoxProvider, SECRET_BOX } from './secret-box.provider';

/** The event-sourced page source; global so InboundModule can build PAGE_DIRECTORY from it. */
@Global()
@Module({
  providers: [secretBoxProvider, PageStore, PageCommands],
  exports: [SECRET_BOX, PageStore, PageCommands],
})
export class PageStoreModule {}
