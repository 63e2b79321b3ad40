import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContentDto, ContentType } from '@pagedesk/outbound';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/**
 * The content is checked by the very DTOs an agent's message goes through (libs/outbound);
 * shortcut, title and placeholder rules are the decider's (libs/tenancy/src/canned-responses.ts).
 */
export class CannedResponseDto {
  @ApiProperty({ example: 'greet', description: 'typed after `/` in the composer' })
  @IsString()
  @MaxLength(100)
  shortcut!: string;

  @ApiProperty({ example: 'Greeting', maxLength: 80 })
  @IsString()
  @MaxLength(200)
  title!: string;

  @ApiProperty({
    description:
      'text or buttons content, quick replies allowed (docs/outbound.md); placeholders such as {{customer.first_name}} in the text (docs/canned-responses.md)',
    example: { kind: 'text', text: 'Hi {{customer.first_name}}, {{agent.name}} here.' },
  })
  @IsObject()
  @ValidateNested()
  @ContentType()
  content!: ContentDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'offer it only in this queue of the tenant; absent or null: in every queue',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  queueId?: string | null;
}

export class CannedResponseIdParams {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  cannedResponseId!: string;
}

export class ListCannedResponsesQuery {
  @ApiPropertyOptional({
    description: "only what a chat of this queue offers: the tenant-wide ones and the queue's own",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  queueId?: string;
}
