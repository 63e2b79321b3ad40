import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  ScorecardList as ScorecardListSchema,
  ScorecardView as ScorecardViewSchema,
  type ScorecardList,
  type ScorecardView,
} from '@pagedesk/contracts';
import { AppError } from '@pagedesk/shared';
import type { Criterion, Scorecard } from '@pagedesk/tenancy';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { RequestActor, tenantOf } from '../tenants/actor';
import type { Actor } from '../tenants/tenant-commands';
import { QualityCommands } from './quality-commands';
import {
  CreateScorecardDto,
  type CriterionDto,
  ListScorecardsQuery,
  ScorecardDefinitionDto,
  ScorecardIdParams,
} from './scorecards.dto';

const view = (card: Scorecard): ScorecardView => ({
  scorecardId: card.scorecardId,
  name: card.name,
  version: card.version,
  archived: card.archived,
  criteria: card.criteria,
});

const criteriaOf = (dtos: readonly CriterionDto[]): Criterion[] =>
  dtos.map(({ id, label, weight, scale }) => ({
    id,
    label,
    weight,
    scale: scale.kind === 'points' ? { kind: 'points', max: scale.max! } : { kind: 'yes_no' },
  }));

/** A tenant's scorecards: read by everyone who reviews, defined by admins and supervisors, each change an event. */
@ApiTags('quality control')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'qc')
@Controller('api/scorecards')
export class ScorecardsController {
  constructor(private readonly commands: QualityCommands) {}

  @Get()
  @ContractResponse(ScorecardListSchema)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() { archived }: ListScorecardsQuery,
  ): Promise<ScorecardList> {
    const cards = [...(await this.commands.scorecards(tenantOf(user))).values()];
    return {
      items: cards
        .filter((c) => archived === 'true' || !c.archived)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(view),
    };
  }

  @Get(':scorecardId')
  @ContractResponse(ScorecardViewSchema)
  @ApiNotFoundResponse({ description: 'unknown, or another tenant’s' })
  async one(
    @CurrentUser() user: AuthUser,
    @Param() { scorecardId }: ScorecardIdParams,
  ): Promise<ScorecardView> {
    const card = (await this.commands.scorecards(tenantOf(user))).get(scorecardId);
    if (!card) throw new AppError('not_found', `no scorecard ${scorecardId}`);
    return view(card);
  }

  @Post()
  @Roles('admin', 'supervisor')
  @ContractResponse(ScorecardViewSchema, {
    status: HttpStatus.CREATED,
    description: 'the scorecard, version 1',
  })
  @ApiConflictResponse({ description: 'the id is taken, or the tenant has 100 scorecards' })
  async create(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Body() body: CreateScorecardDto,
  ): Promise<ScorecardView> {
    const { scorecardId, name, criteria } = body;
    return view(
      await this.commands.changeScorecards(
        {
          type: 'CreateScorecard',
          data: { tenantId: tenantOf(user), scorecardId, name, criteria: criteriaOf(criteria) },
        },
        actor,
      ),
    );
  }

  @Put(':scorecardId')
  @Roles('admin', 'supervisor')
  @ContractResponse(ScorecardViewSchema, {
    description: 'the scorecard; a new version when anything changed',
  })
  @ApiNotFoundResponse({ description: 'unknown, or another tenant’s' })
  async revise(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { scorecardId }: ScorecardIdParams,
    @Body() { name, criteria }: ScorecardDefinitionDto,
  ): Promise<ScorecardView> {
    return view(
      await this.commands.changeScorecards(
        {
          type: 'ReviseScorecard',
          data: { tenantId: tenantOf(user), scorecardId, name, criteria: criteriaOf(criteria) },
        },
        actor,
      ),
    );
  }

  @Post(':scorecardId/archive')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ContractResponse(ScorecardViewSchema, {
    description: 'the scorecard, archived: no new reviews with it; its reviews stay',
  })
  async archive(
    @CurrentUser() user: AuthUser,
    @RequestActor() actor: Actor,
    @Param() { scorecardId }: ScorecardIdParams,
  ): Promise<ScorecardView> {
    return view(
      await this.commands.changeScorecards(
        { type: 'ArchiveScorecard', data: { tenantId: tenantOf(user), scorecardId } },
        actor,
      ),
    );
  }
}
