import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NameField } from '../../common/dto-fields';
import { CONNECTABLE_PLATFORMS } from '../platform-catalog';

export class CreateChannelConnectionDto {
  @ApiProperty({ enum: CONNECTABLE_PLATFORMS })
  @IsIn(CONNECTABLE_PLATFORMS)
  platform: string;

  @NameField({ example: 'Acme Page' })
  name: string;

  @ApiPropertyOptional({ description: "The platform's account id (page, IG account, phone number id, X user id; Telegram: taken from the bot token)." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\w.:@+-]+$/, { message: 'externalAccountId may hold letters, digits and . : @ + - _' })
  externalAccountId?: string;

  @ApiPropertyOptional({ description: 'Non-secret settings (see GET /api/channels/platforms).' })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiProperty({ description: 'Write-only: tokens and secrets (see GET /api/channels/platforms). Never returned.' })
  @IsObject()
  secrets: Record<string, string>;
}

export class UpdateChannelConnectionDto {
  @NameField({ optional: true })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Write-only; merged into the stored secrets (an empty string removes one). Re-activates a broken connection.' })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, string>;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}
