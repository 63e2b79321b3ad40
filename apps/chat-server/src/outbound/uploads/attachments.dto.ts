import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The text part of the multipart upload; the file itself is the `file` part. */
export class AttachmentUploadDto {
  @ApiProperty({ description: "the desk's own id for the message: sending it again is absorbed" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientMessageId!: string;
}
