import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  ReviewList as ReviewListSchema,
  ScoreOutcome as ScoreOutcomeSchema,
  type ReviewList,
  type ReviewView,
  type ScoreOutcome,
} from '@pagedesk/contracts';
import {
  AGENT_NAMES,
  PeriodError,
  periodRange,
  QcReviews,
  reviewsAsCsv,
  ServiceReports,
  type AgentNames,
  type StoredReview,
} from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { CLOCK, type Clock } from '../lifecycle/clock';
import { ConversationIdParams } from '../supervision/conversations.dto';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { QualityCommands } from './quality-commands';
import { ListReviewsQuery, ScoreConversationDto } from './reviews.dto';

/** A CSV holds every matching review up to this many (the JSON list pages with limit and offset). */
const CSV_MAX_ROWS = 10_000;

/** Scoring ended conversations with a scorecard, and the reviews by score, agent and period. */
@ApiTags('quality control')
@ApiBearerAuth()
@Controller('api')
export class ReviewsController {
  constructor(
    private readonly commands: QualityCommands,
    private readonly reviews: QcReviews,
    private readonly settings: ServiceReports,
    @Inject(AGENT_NAMES) private readonly names: AgentNames,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('conversations/:conversationId/reviews')
  @HttpCode(200)
  @Roles('supervisor', 'qc')
  @ContractResponse(ScoreOutcomeSchema, {
    description:
      'round 2+ supersedes your earlier review with this scorecard; recorded false for a repeat',
  })
  @ApiNotFoundResponse({ description: 'unknown conversation or scorecard, or another tenant’s' })
  @ApiConflictResponse({
    description: 'the conversation has not ended, or the scorecard is archived',
  })
  score(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { conversationId }: ConversationIdParams,
    @Body() body: ScoreConversationDto,
  ): Promise<ScoreOutcome> {
    return this.commands.score(
      tenantOf(user),
      conversationId,
      body.scorecardId,
      { values: body.values, comment: body.comment },
      actor,
    );
  }

  @Get('reviews')
  @Roles('admin', 'supervisor', 'qc')
  @ApiProduces('application/json', 'text/csv')
  @ContractResponse(ReviewListSchema, {
    description: 'JSON; `format=csv` for CSV, one row per review',
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListReviewsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReviewList | string> {
    const tenantId = tenantOf(user);
    const csv = query.format === 'csv';
    const range = await this.endedRange(tenantId, query);
    const { total, items } = await this.reviews.list({
      tenantId,
      agentId: query.agent,
      reviewerId: query.reviewer,
      scorecardId: query.scorecard,
      conversationId: query.conversation,
      minPercent: query.minScore,
      maxPercent: query.maxScore,
      endedFrom: range?.from,
      endedTo: range?.to,
      sort: query.sort ?? 'newest',
      limit: csv ? CSV_MAX_ROWS : (query.limit ?? 100),
      offset: csv ? 0 : (query.offset ?? 0),
    });
    const names = await this.names.namesOf(tenantId, [
      ...new Set(items.flatMap((r) => [...r.agentIds, r.reviewerId])),
    ]);
    const nameOf = (id: string) => names.get(id) ?? id;
    if (!csv) return { total, items: items.map((r) => view(r, nameOf)) };
    response.type('text/csv; charset=utf-8');
    response.attachment('qc-reviews.csv');
    return reviewsAsCsv(items, nameOf);
  }

  private async endedRange(tenantId: string, query: ListReviewsQuery) {
    if (query.period === undefined) {
      if (query.from !== undefined || query.to !== undefined)
        throw new AppError('invalid', 'from and to need period=custom');
      return undefined;
    }
    try {
      return periodRange(
        { period: query.period, from: query.from, to: query.to },
        (await this.settings.settings(tenantId)).timeZone,
        this.clock.now().getTime(),
      );
    } catch (error) {
      if (error instanceof PeriodError) throw new AppError('invalid', error.message);
      throw error;
    }
  }
}

function view(r: StoredReview, nameOf: (id: string) => string): ReviewView {
  return {
    reviewId: r.reviewId,
    conversationId: r.conversationId,
    pageId: r.pageId,
    endedAt: new Date(r.endedAt).toISOString(),
    scoredAt: r.scoredAt,
    agents: r.agentIds.map((userId) => ({ userId, name: nameOf(userId) })),
    reviewer: { userId: r.reviewerId, name: nameOf(r.reviewerId) },
    scorecardId: r.scorecardId,
    scorecardVersion: r.scorecardVersion,
    scorecardName: r.scorecardName,
    percent: r.percent,
    round: r.round,
    comment: r.comment,
    criteria: r.criteria,
  };
}
