import { ApiProperty } from '@nestjs/swagger';
import { SLUG, SLUG_MESSAGE } from '@pagedesk/tenancy';
import { IsDefined, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

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

/** Validated in full by SendAgentMessage, the same rules as an agent's socket message. */
export class SupervisorMessageDto {
  @ApiProperty({ description: "the client's own id: sending it again is absorbed" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientMessageId!: string;

  @ApiProperty({
    description: 'agent message content (docs/outbound.md)',
    example: { kind: 'text', text: 'Hello' },
  })
  @IsDefined()
  content!: unknown;
}
