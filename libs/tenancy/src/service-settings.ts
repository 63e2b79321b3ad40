import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import { exhaustive } from './user-decider';
import { isTimeZone } from './working-hours';

/**
 * What the service figures are measured against, per tenant: the time zone
 * its days start in, and each queue's service-level target (answered within
 * N seconds). One stream per tenant, so a change is audited like any other.
 */
export const DEFAULT_SERVICE_TIME_ZONE = 'UTC';
export const DEFAULT_SERVICE_TARGET_SECONDS = 60;
/** A day: a longer target would make "answered in time" meaningless for a chat. */
export const MAX_SERVICE_TARGET_SECONDS = 86_400;

export const serviceSettingsStream = (tenantId: string) => `servicesettings-${tenantId}`;

export type ServiceSettingsEvent =
  | {
      readonly type: 'ServiceTimeZoneSet';
      readonly data: { readonly tenantId: string; readonly timeZone: string };
    }
  | {
      readonly type: 'QueueServiceTargetSet';
      readonly data: {
        readonly tenantId: string;
        readonly queueId: string;
        readonly targetSeconds: number;
      };
    };

export const SERVICE_SETTINGS_EVENT_TYPES = new Set<string>([
  'ServiceTimeZoneSet',
  'QueueServiceTargetSet',
]);

export interface ServiceSettingsState {
  readonly timeZone: string;
  readonly targets: Readonly<Record<string, number>>;
}

export type ServiceSettingsCommand = {
  readonly type: 'ChangeServiceSettings';
  readonly data: {
    readonly tenantId: string;
    readonly timeZone?: string;
    readonly queueTargets?: Readonly<Record<string, number>>;
  };
};

export function serviceTargetProblem(seconds: unknown): string | null {
  return Number.isInteger(seconds) &&
    (seconds as number) >= 1 &&
    (seconds as number) <= MAX_SERVICE_TARGET_SECONDS
    ? null
    : `must be a whole number of seconds from 1 to ${MAX_SERVICE_TARGET_SECONDS}`;
}

function decideServiceSettings(
  command: ServiceSettingsCommand,
  state: ServiceSettingsState,
): ServiceSettingsEvent[] {
  const { tenantId, timeZone, queueTargets = {} } = command.data;
  const events: ServiceSettingsEvent[] = [];
  if (timeZone !== undefined) {
    if (!isTimeZone(timeZone))
      throw new AppError('invalid', 'timeZone must be an IANA time zone such as Europe/Berlin');
    if (timeZone !== state.timeZone)
      events.push({ type: 'ServiceTimeZoneSet', data: { tenantId, timeZone } });
  }
  for (const [queueId, targetSeconds] of Object.entries(queueTargets).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const problem = serviceTargetProblem(targetSeconds);
    if (problem) throw new AppError('invalid', `queueTargets.${queueId} ${problem}`);
    if ((state.targets[queueId] ?? DEFAULT_SERVICE_TARGET_SECONDS) !== targetSeconds)
      events.push({ type: 'QueueServiceTargetSet', data: { tenantId, queueId, targetSeconds } });
  }
  return events;
}

export function evolveServiceSettings(
  state: ServiceSettingsState,
  event: ServiceSettingsEvent,
): ServiceSettingsState {
  switch (event.type) {
    case 'ServiceTimeZoneSet':
      return { ...state, timeZone: event.data.timeZone };
    case 'QueueServiceTargetSet':
      return {
        ...state,
        targets: { ...state.targets, [event.data.queueId]: event.data.targetSeconds },
      };
    default:
      return exhaustive(event);
  }
}

export const serviceSettingsDecider: Decider<
  ServiceSettingsState,
  ServiceSettingsCommand,
  ServiceSettingsEvent
> = {
  decide: (command, state) => {
    if (command.type !== 'ChangeServiceSettings') return exhaustive(command.type);
    return decideServiceSettings(command, state);
  },
  evolve: evolveServiceSettings,
  initialState: () => ({ timeZone: DEFAULT_SERVICE_TIME_ZONE, targets: {} }),
};
