import type { ProjectionFactory } from '@pagedesk/processing';
import {
  CONVERSATION_LIST,
  ConversationListProjection,
} from './conversation-list/conversation-list.projection';
import {
  SERVICE_FIGURES,
  ServiceFiguresProjection,
} from './service-figures/service-figures.projection';
import { TRANSCRIPT, TranscriptProjection } from './transcript/transcript.projection';
import { QC_REVIEWS, QcReviewsProjection } from './quality/qc-reviews.projection';
import { CUSTOMERS, CustomersProjection } from './customers/customers.projection';

/** Every read model Pagedesk keeps, by name: the server runs them, the CLI replays and verifies them. */
export const PROJECTIONS: Readonly<Record<string, ProjectionFactory>> = {
  [CONVERSATION_LIST]: (db) => new ConversationListProjection(db),
  [TRANSCRIPT]: (db) => new TranscriptProjection(db),
  [SERVICE_FIGURES]: (db) => new ServiceFiguresProjection(db),
  [QC_REVIEWS]: (db) => new QcReviewsProjection(db),
  [CUSTOMERS]: (db) => new CustomersProjection(db),
};

export const projectionNames = (): string[] => Object.keys(PROJECTIONS);
