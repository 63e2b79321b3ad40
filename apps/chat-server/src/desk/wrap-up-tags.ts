import { Inject, Injectable } from '@nestjs/common';
import type { WrapUpTagChoice } from '@pagedesk/conversation';
import {
  aggregateStream,
  EVENT_STORE,
  handleCommand,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import {
  wrapUpTagsDecider,
  wrapUpTagsStream,
  type WrapUpTag,
  type WrapUpTagEvent,
} from '@pagedesk/tenancy';
import { context, type Actor } from '../tenants/tenant-commands';

const codec = {
  decode: (e: RecordedEvent) => ({ type: e.type, data: e.data }) as unknown as WrapUpTagEvent,
};

/** A tenant's wrap-up tags, read from and changed on their own stream (a short one: a few dozen events). */
@Injectable()
export class WrapUpTags {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async list(tenantId: string): Promise<readonly WrapUpTag[]> {
    return (await this.load(tenantId)).state.tags;
  }

  /** False until the tenant's first change, even one that left the list empty. */
  async everSet(tenantId: string): Promise<boolean> {
    return (await this.load(tenantId)).revision !== undefined;
  }

  private load(tenantId: string) {
    return aggregateStream(this.store, wrapUpTagsStream(tenantId), wrapUpTagsDecider, codec);
  }

  async set(
    tenantId: string,
    tags: readonly WrapUpTag[],
    actor: Actor,
  ): Promise<readonly WrapUpTag[]> {
    const result = await handleCommand(
      this.store,
      wrapUpTagsStream(tenantId),
      wrapUpTagsDecider,
      codec,
      { type: 'SetWrapUpTags', data: { tenantId, tags } },
      context(actor),
    );
    return result.newState.tags;
  }

  /** The closing agent's choice as the tenant's tags read now; an id it does not define is refused. */
  async resolve(tenantId: string, tagIds: readonly string[]): Promise<WrapUpTagChoice[]> {
    if (tagIds.length === 0) return [];
    const defined = await this.list(tenantId);
    return tagIds.map((tagId) => {
      const tag = defined.find((t) => t.tagId === tagId);
      if (!tag) throw new AppError('invalid', `wrapUpTags: ${tagId} is not a wrap-up tag here`);
      return tag;
    });
  }
}
