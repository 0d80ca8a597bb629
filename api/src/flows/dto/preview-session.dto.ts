import { ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, type Channel } from '@parley/runtime';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreatePreviewSessionDto {
  @ApiPropertyOptional({ enum: CHANNELS, description: 'The channel whose limits the preview applies (default webchat).' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ description: 'Start at this step right away instead of waiting for a trigger.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  startNodeId?: string;

  @ApiPropertyOptional({ description: 'Conversation variables to start with, e.g. {"email":"ana@example.com"}.' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}
