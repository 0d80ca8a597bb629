import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NameField } from '../../common/dto-fields';

export class InboxListQueryDto {
  @ApiPropertyOptional({ enum: ['unassigned', 'mine', 'all', 'snoozed', 'resolved'], default: 'all' })
  @IsOptional()
  @IsIn(['unassigned', 'mine', 'all', 'snoozed', 'resolved'])
  view?: 'unassigned' | 'mine' | 'all' | 'snoozed' | 'resolved';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(120)
  team?: string;

  @ApiPropertyOptional({ enum: ['messenger', 'instagram', 'whatsapp', 'x', 'telegram', 'webchat', 'custom'] })
  @IsOptional()
  @IsIn(['messenger', 'instagram', 'whatsapp', 'x', 'telegram', 'webchat', 'custom'])
  platform?: string;
}

export class AssignDto {
  @ApiPropertyOptional({ description: 'The agent to hand the conversation to.' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'The team whose queue it goes to.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  team?: string;
}

export class SnoozeDto {
  @ApiProperty({ example: '2026-12-01T09:00:00Z' })
  @IsDateString()
  until: string;
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;
}

export class ReplyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text?: string;

  @ApiPropertyOptional({ description: 'An attachment by URL (https only).' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  mediaUrl?: string;

  @ApiPropertyOptional({ enum: ['image', 'video', 'audio', 'file'] })
  @IsOptional()
  @IsIn(['image', 'video', 'audio', 'file'])
  mediaKind?: 'image' | 'video' | 'audio' | 'file';
}

export class ResolveDto {
  @ApiProperty({ enum: ['bot', 'close'], description: 'bot: the flow continues from the handoff; close: the conversation ends.' })
  @IsIn(['bot', 'close'])
  outcome: 'bot' | 'close';
}

export class UpdateContactDto {
  @ApiPropertyOptional({ description: 'Custom fields to set (null removes one).' })
  @IsOptional()
  @IsObject()
  customFields?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  tags?: string[];
}

export class CannedResponseDto {
  @ApiProperty({ example: 'hours', description: 'Typed after / in the composer.' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'shortcut must be 1–40 lower-case letters, digits, - or _' })
  shortcut: string;

  @ApiProperty({ example: 'Hi {{contact.first_name}}, we are open 9–18.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  body: string;
}

export class CannedSearchDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}

export class TeamDto {
  @NameField({ example: 'Support' })
  name: string;

  @ApiPropertyOptional({ type: [String], description: 'User ids of the team members.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class AgentStatusDto {
  @ApiProperty()
  @IsBoolean()
  online: boolean;

  @ApiPropertyOptional({ default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxOpenChats?: number;
}

class TimeWindowDto {
  @ApiProperty({ example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @IsIn(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], { each: true })
  days: string[];

  @ApiProperty({ example: '09:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  from: string;

  @ApiProperty({ example: '18:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  to: string;
}

export class InboxSettingsDto {
  @ApiPropertyOptional({ type: [TimeWindowDto], description: 'Weekly business hours in the workspace time zone; empty: always open.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  businessHours?: TimeWindowDto[];

  @ApiPropertyOptional({ type: [String], example: ['2026-12-25'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true })
  holidays?: string[];

  @ApiPropertyOptional({ description: 'Waiting time (minutes) after which the badge turns amber.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  waitingAmberMinutes?: number;

  @ApiPropertyOptional({ description: 'Waiting time (minutes) after which the badge turns red.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  waitingRedMinutes?: number;
}

export class MetricsQueryDto {
  @ApiPropertyOptional({ description: 'ISO date; default 30 days ago.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO date; default now.' })
  @IsOptional()
  @IsDateString()
  to?: string;
}
