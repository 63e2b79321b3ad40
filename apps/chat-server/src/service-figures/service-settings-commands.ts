import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  handleCommand,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import {
  serviceSettingsDecider,
  serviceSettingsStream,
  SLUG,
  SLUG_MESSAGE,
  type ServiceSettingsEvent,
  type ServiceSettingsState,
} from '@pagedesk/tenancy';
import { context, type Actor } from '../tenants/tenant-commands';

/** Each target is an event: one request should not write thousands of them. */
const MAX_TARGETS_PER_CHANGE = 200;

const decode = (e: RecordedEvent) =>
  ({ type: e.type, data: e.data }) as unknown as ServiceSettingsEvent;

/** Time zone and queue targets of a tenant's service figures: changed only as events on its own stream. */
@Injectable()
export class ServiceSettingsCommands {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async change(
    tenantId: string,
    changes: { timeZone?: string; queueTargets?: Record<string, number> },
    actor: Actor,
  ): Promise<ServiceSettingsState> {
    const queueIds = Object.keys(changes.queueTargets ?? {});
    if (queueIds.length > MAX_TARGETS_PER_CHANGE)
      throw new AppError(
        'invalid',
        `queueTargets: at most ${MAX_TARGETS_PER_CHANGE} queues at once`,
      );
    for (const queueId of queueIds) {
      // A page may name a queue nobody created yet, so any queue id is allowed a target.
      if (!SLUG.test(queueId)) throw new AppError('invalid', `queueTargets: ${SLUG_MESSAGE}`);
    }
    const result = await handleCommand(
      this.store,
      serviceSettingsStream(tenantId),
      serviceSettingsDecider,
      { decode },
      { type: 'ChangeServiceSettings', data: { tenantId, ...changes } },
      context(actor),
    );
    return result.newState;
  }
}
