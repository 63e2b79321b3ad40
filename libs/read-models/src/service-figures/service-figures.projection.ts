import type { ConversationEvent } from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type { SqlDb } from '@pagedesk/processing';
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

  constructor(db: SqlDb) {
    super(new ServiceFiguresSql(db));
  }

  override apply(recorded: RecordedEvent): void {
    if (recorded.streamName.startsWith(SETTINGS_STREAM)) {
      if (SERVICE_SETTINGS_EVENT_TYPES.has(recorded.type)) {
        this.applySetting({
          type: recorded.type,
          data: recorded.data,
        } as unknown as ServiceSettingsEvent);
      }
      return;
    }
    super.apply(recorded);
  }

  protected override applyConversationEvent(id: string, event: ConversationEvent): void {
    if (event.type === 'ConversationStarted') {
      this.sql.save(startFacts(id, event.data));
      return;
    }
    const before = this.sql.facts(id);
    if (!before) return;
    const after = evolveFacts(before, event);
    if (after !== before) this.sql.save(after);
  }

  private applySetting(event: ServiceSettingsEvent): void {
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
