import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { NameField, NotesField } from '../../common/dto-fields';

export class CreateFlowDto {
  @NameField({ example: 'Welcome flow' })
  name: string;

  @ApiPropertyOptional({ description: 'Start from a starter template (see GET /api/flows/templates).' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  templateKey?: string;
}

export class UpdateFlowDto {
  @NameField({ optional: true })
  name?: string;

  @NotesField()
  description?: string;
}

export class DuplicateFlowDto {
  @NameField({ optional: true })
  name?: string;
}

export class ListFlowsQueryDto {
  @ApiPropertyOptional({ description: 'Matches the name, case-insensitively.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  search?: string;

  @ApiPropertyOptional({ enum: ['draft', 'live', 'live-with-changes'] })
  @IsOptional()
  @IsIn(['draft', 'live', 'live-with-changes'])
  status?: 'draft' | 'live' | 'live-with-changes';

  @ApiPropertyOptional({ description: 'true: only archived flows.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';
}

export class SaveDraftDto {
  @ApiProperty({ description: 'The revision this document was based on.' })
  @IsInt()
  @Min(1)
  revision: number;

  @ApiProperty({ description: 'The whole flow document (schemaVersion, triggers, nodes, edges, variables, notes).' })
  @IsObject()
  document: Record<string, unknown>;
}

export class PublishDto {
  @NotesField('What changed, for the version history.')
  notes?: string;

  @ApiPropertyOptional({ description: 'Move conversations waiting at a step that still exists to the new version.' })
  @IsOptional()
  @IsBoolean()
  migrateWaitingConversations?: boolean;
}

export class RollbackDto {
  @ApiProperty({ description: 'The version to make live again.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  versionNumber: number;

  @NotesField()
  notes?: string;
}

export class DiffQueryDto {
  @ApiProperty({ description: 'A version number, or "draft", or "live".', example: '1' })
  @Matches(/^(\d{1,9}|draft|live)$/)
  from: string;

  @ApiProperty({ description: 'A version number, or "draft", or "live".', example: 'draft' })
  @Matches(/^(\d{1,9}|draft|live)$/)
  to: string;
}

export class ImportFlowDto {
  @NameField({ optional: true })
  name?: string;

  @ApiProperty({ description: 'A flow document as exported (with schemaVersion).' })
  @IsObject()
  document: Record<string, unknown>;
}
