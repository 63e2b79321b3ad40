import { isOpenAt, type PageSettings } from '@pagedesk/tenancy';

export type HoursSettings = Pick<PageSettings, 'workingHours' | 'queueOutsideHours'>;

export interface Arrival {
  /** False: the customer gets the page's offline message. */
  readonly withinHours: boolean;
  /** False: recorded, but left out of the queue until the page opens. */
  readonly offerToAgents: boolean;
}

/**
 * How a new conversation is received, judged at the customer's own time.
 * Pages without settings (MESSENGER_CONFIG) or without hours are always open.
 */
export function arrivalAt(settings: HoursSettings | null, at: number): Arrival {
  const withinHours = isOpenAt(settings?.workingHours ?? null, at);
  return { withinHours, offerToAgents: withinHours || (settings?.queueOutsideHours ?? false) };
}
