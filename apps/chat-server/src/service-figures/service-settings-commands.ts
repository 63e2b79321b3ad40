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
    for (const queueId of Object.keys(changes.queueTargets ?? {})) {
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
