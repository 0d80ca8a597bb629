import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { GRANTABLE_ROLES, ROLES, type ApiKeyRole, type Role } from '../../common/roles';
import { IsTimeZone } from '../../common/is-time-zone';

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Acme Shoes' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;
}

export class UpdateWorkspaceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
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
  @ApiProperty({ example: 'CRM sync' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ enum: GRANTABLE_ROLES })
  @IsIn(GRANTABLE_ROLES)
  role: ApiKeyRole;
}
