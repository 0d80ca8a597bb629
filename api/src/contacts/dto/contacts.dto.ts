import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { ContactFilter } from '../contact-filter';

const TAG = /^[^\s,][^,]{0,59}$/;
const FIELD_KEY = /^[A-Za-z_][\w-]{0,59}$/;
const asArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** An optional list of up to 20 tags (no commas, ≤ 60 characters each); `fromQuery` accepts `?tag=a` as `['a']`. */
function TagsField(description?: string, options: { fromQuery?: boolean } = {}) {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], description }),
    IsOptional(),
    ...(options.fromQuery ? [Transform(asArray)] : []),
    IsArray(),
    ArrayMaxSize(20),
    Matches(TAG, { each: true }),
  );
}

/** The contacts filter in a query string: `?q=ana&tag=vip&tag=new&field=plan:pro&connectionId=…`. */
export class ContactFilterQueryDto {
  @ApiPropertyOptional({ description: 'Name or username contains (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q?: string;

  @TagsField('Has every one of these tags.', { fromQuery: true })
  tag?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Custom field equals a value, as `key:value`.' })
  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z_][\w-]{0,59}:.{0,200}$/s, { each: true, message: 'field must be key:value' })
  field?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsDateString()
  lastMessageAfter?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  lastMessageBefore?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  optedOut?: 'true' | 'false';

  toFilter(): ContactFilter {
    return {
      q: this.q,
      tags: this.tag,
      fields: this.field?.map((f) => ({ key: f.slice(0, f.indexOf(':')), value: f.slice(f.indexOf(':') + 1) })),
      connectionId: this.connectionId,
      lastMessageAfter: this.lastMessageAfter,
      lastMessageBefore: this.lastMessageBefore,
      optedOut: this.optedOut === undefined ? undefined : this.optedOut === 'true',
    };
  }
}

export class ContactListQueryDto extends ContactFilterQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

export class FieldMatchDto {
  @ApiProperty()
  @Matches(FIELD_KEY)
  key: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  value: string;
}

/** The same filter in a JSON body (bulk edits, broadcast audiences). */
export class ContactFilterDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(120)
  q?: string;

  @TagsField('Has every one of these tags.')
  tags?: string[];

  @ApiPropertyOptional({ type: [FieldMatchDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FieldMatchDto)
  fields?: FieldMatchDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  lastMessageAfter?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  lastMessageBefore?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  optedOut?: boolean;
}

export class BulkTagsDto {
  @ApiPropertyOptional({ type: [String], description: 'These contacts…' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({ type: ContactFilterDto, description: '…or every contact matching this filter.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter?: ContactFilterDto;

  @TagsField('Tags to add.')
  add?: string[];

  @TagsField('Tags to remove.')
  remove?: string[];
}

export class UpdateContactFieldsDto {
  @ApiProperty({ description: 'Custom fields to set (null removes one).', example: { plan: 'pro', city: null } })
  @IsObject()
  customFields: Record<string, string | number | boolean | null>;
}
