import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EVENT_STORE,
  handleCommand,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import {
  pageDecider,
  pageStream,
  type PageCommand,
  type PageEvent,
  type SecretBox,
} from '@pagedesk/tenancy';
import { context, type Actor } from '../tenants/tenant-commands';
import { SECRET_BOX } from './secret-box.provider';
import { binding, PageStore } from './page-store';

/** Appends page events (configuration, token verdicts, subscriptions, profiles) and waits until the view has them. */
@Injectable()
export class PageCommands {
  private readonly logger = new Logger('Pages');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly pages: PageStore,
  ) {}

  seal(pageId: string, field: 'accessToken' | 'appSecret', secret: string): string {
    return this.box.seal(secret, binding(pageId, field));
  }

  async run(pageId: string, command: PageCommand, actor: Actor): Promise<void> {
    const result = await handleCommand(
      this.store,
      pageStream(pageId),
      pageDecider,
      { decode: (e: RecordedEvent) => ({ type: e.type, data: e.data }) as unknown as PageEvent },
      command,
      context(actor),
    );
    await this.pages.waitFor(result.globalPosition);
    const types = result.newEvents.map((e) => e.type);
    this.logger.debug(
      { pageId, events: types, actor: actor.userId },
      'page configuration recorded',
    );
  }

  record(event: Exclude<PageEvent, { type: 'PageConnected' }>, actor: Actor): Promise<void> {
    return this.run(event.data.pageId, { type: 'Record', event }, actor);
  }
}
