import { Type } from '@sinclair/typebox';
import { Closed, Nullable, type Wire } from './schema';

/** `GET /api/service-figures` and `/api/service-settings` (docs/service-figures.md). */
export const Summary = Closed({
  count: Type.Number(),
  median: Nullable(Type.Number()),
  p90: Nullable(Type.Number({ description: 'nearest rank' })),
});
export type Summary = Wire<typeof Summary>;

export const ServiceFigures = Closed({
  offered: Type.Number(),
  answered: Type.Number(),
  abandoned: Type.Number(),
  waitingNow: Type.Number(),
  longestWaitMs: Nullable(Type.Number()),
  waitMs: Summary,
  firstReplyMs: Summary,
  handleMs: Summary,
  messagesPerConversation: Summary,
  transfers: Type.Number(),
  serviceLevel: Closed({
    targetsMs: Type.Array(Type.Number()),
    met: Type.Number({ description: "answered within their queue's target" }),
    judged: Type.Number(),
    share: Nullable(Type.Number({ description: 'met / judged; null when nothing was judged' })),
  }),
  csat: Closed(
    {
      surveyed: Type.Number({ description: 'satisfaction surveys asked' }),
      answered: Type.Number(),
      satisfied: Type.Number({ description: '4 or 5 of 5, or a thumb up' }),
      share: Nullable(
        Type.Number({ description: 'satisfied / answered; null when nobody answered' }),
      ),
      averageRating: Nullable(
        Type.Number({ description: 'mean of the 1–5 answers; null when there are none' }),
      ),
    },
    { description: 'per agent: the surveys of the conversations that agent closed' },
  ),
});
export type ServiceFigures = Wire<typeof ServiceFigures>;

export const FigureGroup = Closed({
  key: Type.String(),
  name: Type.String(),
  figures: ServiceFigures,
});
export type FigureGroup = Wire<typeof FigureGroup>;

const Day = Type.String({ description: 'YYYY-MM-DD, in the tenant time zone' });

export const ServiceReport = Closed({
  by: Type.Union((['tenant', 'queue', 'agent', 'page'] as const).map((b) => Type.Literal(b))),
  timeZone: Type.String({ description: 'IANA time zone' }),
  period: Closed({
    period: Type.Union((['today', '7d', '30d', 'custom'] as const).map((p) => Type.Literal(p))),
    from: Type.String({ description: 'ISO time the period starts' }),
    to: Type.String({ description: 'ISO time the period ends (excluded)' }),
    firstDay: Day,
    lastDay: Day,
  }),
  now: Type.String({ description: 'ISO time the figures were computed' }),
  groups: Type.Array(FigureGroup),
});
export type ServiceReport = Wire<typeof ServiceReport>;

export const ServiceSettings = Closed({
  timeZone: Type.String({ description: 'IANA time zone of the local days' }),
  defaultTargetSeconds: Type.Number(),
  queueTargets: Type.Record(Type.String(), Type.Number(), {
    description: 'queues whose target was set, in seconds; every other queue uses the default',
  }),
});
export type ServiceSettings = Wire<typeof ServiceSettings>;
