import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Length after trimming is the decider's rule (1–2000, `invalid` otherwise). */
export class AddNoteDto {
  @ApiProperty({ description: "the writer's own id for the note: sending it again is absorbed" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  noteId!: string;

  @ApiProperty({ description: 'for colleagues only; never sent to the customer', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  text!: string;
}
