import type { ConversationEvent } from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type { AsyncSqlDb } from '@pagedesk/processing';
import { SERVICE_SETTINGS_EVENT_TYPES, type ServiceSettingsEvent } from '@pagedesk/tenancy';
import { ConversationProjection } from '../conversation-event';
import { evolveFacts, startFacts } from './conversation-facts';
import { SERVICE_FIGURES_TABLES, ServiceFiguresSql } from './service-figures.sql';

export const SERVICE_FIGURES = 'service-figures';

const SETTINGS_STREAM = 'servicesettings-';

/**
 * The facts of each conversation the figures are computed from, and each
 * tenant's time zone and queue targets. Figures themselves are computed when
 * asked (they depend on the period and on now); the facts only on events.
 */
export class ServiceFiguresProjection extends ConversationProjection<ServiceFiguresSql> {
  readonly name = SERVICE_FIGURES;
  readonly tables = SERVICE_FIGURES_TABLES;
  /** The tenant's settings (time zone, queue targets) too, beside the conversations. */
  override readonly filter: EventFilter = { categories: ['conversation', 'servicesettings'] };

  constructor(db: AsyncSqlDb) {
    super(new ServiceFiguresSql(db));
  }

  override async apply(recorded: RecordedEvent): Promise<void> {
    if (recorded.streamName.startsWith(SETTINGS_STREAM)) {
      if (SERVICE_SETTINGS_EVENT_TYPES.has(recorded.type)) {
        await this.applySetting({
          type: recorded.type,
          data: recorded.data,
        } as unknown as ServiceSettingsEvent);
      }
      return;
    }
    await super.apply(recorded);
  }

  protected override async applyConversationEvent(
    id: string,
    event: ConversationEvent,
  ): Promise<void> {
    if (event.type === 'ConversationStarted') {
      await this.sql.save(startFacts(id, event.data));
      return;
    }
    const before = await this.sql.facts(id);
    if (!before) return;
    const after = evolveFacts(before, event);
    if (after !== before) await this.sql.save(after);
  }

  private async applySetting(event: ServiceSettingsEvent): Promise<void> {
    switch (event.type) {
      case 'ServiceTimeZoneSet':
        return this.sql.setTimeZone(event.data.tenantId, event.data.timeZone);
      case 'QueueServiceTargetSet':
        return this.sql.setTarget(
          event.data.tenantId,
          event.data.queueId,
          event.data.targetSeconds,
        );
      default:
        return event satisfies never;
    }
  }
}
