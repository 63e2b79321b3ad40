import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import { SLUG } from '../ids';
import { exhaustive } from '../user-decider';
import type { Criterion } from './score';

/**
 * A tenant's scorecards: one stream per tenant, so every definition and each
 * change to it is an audited event with its actor. A revision replaces the
 * whole definition and bumps `version`; reviews keep the version they used.
 */
export const scorecardsStream = (tenantId: string) => `scorecards-${tenantId}`;

export const SCORECARD_LIMITS = {
  scorecards: 100,
  criteria: 30,
  name: 80,
  label: 200,
  weight: 100,
  points: 10,
} as const;

export interface ScorecardDefinition {
  readonly name: string;
  readonly criteria: readonly Criterion[];
}

export interface Scorecard extends ScorecardDefinition {
  readonly scorecardId: string;
  readonly version: number;
  readonly archived: boolean;
}

export type ScorecardEvent =
  | {
      readonly type: 'ScorecardCreated';
      readonly data: ScorecardDefinition & {
        readonly tenantId: string;
        readonly scorecardId: string;
      };
    }
  | {
      readonly type: 'ScorecardRevised';
      readonly data: ScorecardDefinition & {
        readonly tenantId: string;
        readonly scorecardId: string;
        readonly version: number;
      };
    }
  | {
      readonly type: 'ScorecardArchived';
      readonly data: { readonly tenantId: string; readonly scorecardId: string };
    };

export type ScorecardCommand =
  | {
      readonly type: 'CreateScorecard';
      readonly data: ScorecardDefinition & {
        readonly tenantId: string;
        readonly scorecardId: string;
      };
    }
  | {
      readonly type: 'ReviseScorecard';
      readonly data: ScorecardDefinition & {
        readonly tenantId: string;
        readonly scorecardId: string;
      };
    }
  | {
      readonly type: 'ArchiveScorecard';
      readonly data: { readonly tenantId: string; readonly scorecardId: string };
    };

export type ScorecardsState = ReadonlyMap<string, Scorecard>;

/** Rules class-validator cannot express: unique criterion ids, integer ranges, a known scale. */
export function definitionProblem(definition: ScorecardDefinition): string | null {
  const { name, criteria } = definition;
  if (name.trim().length === 0 || name.length > SCORECARD_LIMITS.name)
    return `name must be 1 to ${SCORECARD_LIMITS.name} characters`;
  if (criteria.length === 0 || criteria.length > SCORECARD_LIMITS.criteria)
    return `criteria must list 1 to ${SCORECARD_LIMITS.criteria} criteria`;
  const seen = new Set<string>();
  for (const [i, c] of criteria.entries()) {
    const at = `criteria[${i}]`;
    if (!SLUG.test(c.id)) return `${at}.id must be a lowercase slug (a-z, 0-9, -)`;
    if (seen.has(c.id)) return `${at}.id ${c.id} is used twice`;
    seen.add(c.id);
    if (c.label.trim().length === 0 || c.label.length > SCORECARD_LIMITS.label)
      return `${at}.label must be 1 to ${SCORECARD_LIMITS.label} characters`;
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > SCORECARD_LIMITS.weight)
      return `${at}.weight must be a whole number from 1 to ${SCORECARD_LIMITS.weight}`;
    const scale = c.scale as { kind: string; max?: unknown };
    if (scale.kind === 'points') {
      const max = scale.max;
      if (
        !Number.isInteger(max) ||
        (max as number) < 1 ||
        (max as number) > SCORECARD_LIMITS.points
      )
        return `${at}.scale.max must be a whole number from 1 to ${SCORECARD_LIMITS.points}`;
    } else if (scale.kind !== 'yes_no') return `${at}.scale.kind must be points or yes_no`;
  }
  return null;
}

/** Only the fields that define a criterion, in a fixed order: what is stored and compared. */
const canonical = (d: ScorecardDefinition): ScorecardDefinition => ({
  name: d.name.trim(),
  criteria: d.criteria.map((c) => ({
    id: c.id,
    label: c.label.trim(),
    weight: c.weight,
    scale: c.scale.kind === 'points' ? { kind: 'points', max: c.scale.max } : { kind: 'yes_no' },
  })),
});

function checked(definition: ScorecardDefinition): ScorecardDefinition {
  const problem = definitionProblem(definition);
  if (problem) throw new AppError('invalid', problem);
  return canonical(definition);
}

function existing(state: ScorecardsState, scorecardId: string): Scorecard {
  const card = state.get(scorecardId);
  if (!card) throw new AppError('not_found', `no scorecard ${scorecardId}`);
  if (card.archived) throw new AppError('conflict', `scorecard ${scorecardId} is archived`);
  return card;
}

function decideScorecards(command: ScorecardCommand, state: ScorecardsState): ScorecardEvent[] {
  const { tenantId, scorecardId } = command.data;
  switch (command.type) {
    case 'CreateScorecard': {
      if (!SLUG.test(scorecardId))
        throw new AppError('invalid', 'scorecardId must be a lowercase slug (a-z, 0-9, -)');
      const definition = checked(command.data);
      const known = state.get(scorecardId);
      if (known) {
        // A retried request that made this very scorecard changes nothing; anything else is a clash.
        if (!known.archived && known.version === 1 && same(known, definition)) return [];
        throw new AppError('conflict', `scorecard ${scorecardId} already exists`);
      }
      if (state.size >= SCORECARD_LIMITS.scorecards)
        throw new AppError(
          'conflict',
          `a tenant keeps at most ${SCORECARD_LIMITS.scorecards} scorecards`,
        );
      return [{ type: 'ScorecardCreated', data: { tenantId, scorecardId, ...definition } }];
    }
    case 'ReviseScorecard': {
      const card = existing(state, scorecardId);
      const definition = checked(command.data);
      if (same(card, definition)) return [];
      return [
        {
          type: 'ScorecardRevised',
          data: { tenantId, scorecardId, ...definition, version: card.version + 1 },
        },
      ];
    }
    case 'ArchiveScorecard':
      existing(state, scorecardId);
      return [{ type: 'ScorecardArchived', data: { tenantId, scorecardId } }];
    default:
      return exhaustive(command);
  }
}

const same = (a: ScorecardDefinition, b: ScorecardDefinition) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export function evolveScorecards(state: ScorecardsState, event: ScorecardEvent): ScorecardsState {
  const next = new Map(state);
  const { scorecardId } = event.data;
  switch (event.type) {
    case 'ScorecardCreated':
      next.set(scorecardId, {
        scorecardId,
        name: event.data.name,
        criteria: event.data.criteria,
        version: 1,
        archived: false,
      });
      return next;
    case 'ScorecardRevised':
      next.set(scorecardId, {
        scorecardId,
        name: event.data.name,
        criteria: event.data.criteria,
        version: event.data.version,
        archived: false,
      });
      return next;
    case 'ScorecardArchived': {
      const card = state.get(scorecardId);
      if (card) next.set(scorecardId, { ...card, archived: true });
      return next;
    }
    default:
      return exhaustive(event);
  }
}

export const scorecardsDecider: Decider<ScorecardsState, ScorecardCommand, ScorecardEvent> = {
  decide: decideScorecards,
  evolve: evolveScorecards,
  initialState: () => new Map(),
};
