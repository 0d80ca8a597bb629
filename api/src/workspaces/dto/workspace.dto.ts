import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { NameField } from '../../common/dto-fields';
import { GRANTABLE_ROLES, ROLES, type ApiKeyRole, type Role } from '../../common/roles';
import { IsTimeZone } from '../../common/is-time-zone';

export class CreateWorkspaceDto {
  @NameField({ example: 'Acme Shoes' })
  name: string;
}

export class UpdateWorkspaceDto {
  @NameField({ optional: true })
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @IsOptional()
  @Validate(IsTimeZone)
  timeZone?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class CreateInviteDto {
  @ApiProperty({ enum: GRANTABLE_ROLES })
  @IsIn(GRANTABLE_ROLES)
  role: ApiKeyRole;

  @ApiPropertyOptional({ description: 'Only this address may accept the invite.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class AcceptInviteDto {
  @ApiPropertyOptional({ description: 'For a new account.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ description: 'For a new account.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ description: 'For a new account; at least 8 characters.' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password?: string;
}

export class CreateApiKeyDto {
  @NameField({ example: 'CRM sync' })
  name: string;

  @ApiProperty({ enum: GRANTABLE_ROLES })
  @IsIn(GRANTABLE_ROLES)
  role: ApiKeyRole;
}
