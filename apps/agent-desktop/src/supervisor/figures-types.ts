/** The shapes of GET /api/service-figures (docs/service-figures.md). */
export interface Summary {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface ServiceFigures {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly waitingNow: number;
  readonly longestWaitMs: number | null;
  readonly waitMs: Summary;
  readonly firstReplyMs: Summary;
  readonly handleMs: Summary;
  readonly messagesPerConversation: Summary;
  readonly transfers: number;
  readonly serviceLevel: {
    readonly targetsMs: readonly number[];
    readonly met: number;
    readonly judged: number;
    readonly share: number | null;
  };
}

export interface FigureGroup {
  readonly key: string;
  readonly name: string;
  readonly figures: ServiceFigures;
}

export interface ServiceReport {
  readonly by: 'tenant' | 'queue' | 'agent' | 'page';
  readonly timeZone: string;
  readonly period: { readonly firstDay: string; readonly lastDay: string };
  readonly groups: readonly FigureGroup[];
}

export interface HistoryLine {
  readonly position: number;
  readonly revision: number;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
}
