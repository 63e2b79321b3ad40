import { ApiProperty } from '@nestjs/swagger';
import { SLUG, SLUG_MESSAGE } from '@pagedesk/tenancy';
import { IsUUID, Matches } from 'class-validator';

export class AssignConversationDto {
  @ApiProperty({
    description: 'a user of the tenant; the caller themself to take the conversation over',
  })
  @IsUUID()
  agentId!: string;
}

export class TransferToQueueDto {
  @ApiProperty({ example: 'support' })
  @Matches(SLUG, { message: `queue ${SLUG_MESSAGE}` })
  queue!: string;
}
