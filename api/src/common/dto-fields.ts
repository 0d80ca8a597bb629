import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** A display name (flow, workspace, API key): 1–120 characters. */
export function NameField(options: { optional?: boolean; example?: string; description?: string } = {}) {
  const doc = { example: options.example, description: options.description };
  return options.optional
    ? applyDecorators(ApiPropertyOptional(doc), IsOptional(), IsString(), MinLength(1), MaxLength(120))
    : applyDecorators(ApiProperty(doc), IsString(), MinLength(1), MaxLength(120));
}

/** Optional free text such as version notes or descriptions: up to 2,000 characters. */
export function NotesField(description?: string) {
  return applyDecorators(ApiPropertyOptional({ description }), IsOptional(), IsString(), MaxLength(2000));
}
