import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Slug and label rules are the tenancy decider's (libs/tenancy/src/wrap-up-tags.ts). */
export class WrapUpTagDto {
  @ApiProperty({ example: 'refund' })
  @IsString()
  @MaxLength(100)
  tagId!: string;

  @ApiProperty({ example: 'Refund', maxLength: 60 })
  @IsString()
  @MaxLength(200)
  label!: string;
}

export class SetWrapUpTagsDto {
  @ApiProperty({
    type: [WrapUpTagDto],
    description: 'the whole list, in order; missing tags are retired',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => WrapUpTagDto)
  tags!: WrapUpTagDto[];
}
