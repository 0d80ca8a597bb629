import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { NameField } from '../../common/dto-fields';
import { ContactFilterDto } from '../../contacts/dto/contacts.dto';

export const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
export const TEMPLATE_LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export class QuickReplyDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  title: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  payload: string;
}

export class BroadcastMessageDto {
  @ApiProperty({ example: 'Hi {{contact.first_name}}, our sale starts today.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ type: [QuickReplyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => QuickReplyDto)
  quickReplies?: QuickReplyDto[];
}

export class TemplateRefDto {
  @ApiProperty({ example: 'spring_sale' })
  @Matches(TEMPLATE_NAME)
  name: string;

  @ApiProperty({ example: 'en_US' })
  @Matches(TEMPLATE_LANGUAGE)
  language: string;

  @ApiPropertyOptional({ type: [String], description: 'Body parameters {{1}}, {{2}}…; may use {{contact.first_name}}.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  parameters?: string[];
}

/** What is sent and to whom (the preview takes just this). */
export class BroadcastDefinitionDto {
  @ApiProperty({ enum: ['message', 'flow'] })
  @IsIn(['message', 'flow'])
  kind: 'message' | 'flow';

  @ApiPropertyOptional({ type: BroadcastMessageDto, description: 'kind message: the text and quick replies.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BroadcastMessageDto)
  message?: BroadcastMessageDto;

  @ApiPropertyOptional({ description: 'kind flow: the flow whose live version starts for each contact.' })
  @IsOptional()
  @IsUUID()
  flowId?: string;

  @ApiPropertyOptional({ type: TemplateRefDto, description: 'The approved WhatsApp template WhatsApp contacts get.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateRefDto)
  template?: TemplateRefDto;

  @ApiProperty({ type: ContactFilterDto })
  @ValidateNested()
  @Type(() => ContactFilterDto)
  audience: ContactFilterDto;
}

export class CreateBroadcastDto extends BroadcastDefinitionDto {
  @NameField({ example: 'Spring sale' })
  name: string;

  @ApiPropertyOptional({ description: 'When to send; omitted = now.', example: '2026-12-01T09:00:00Z' })
  @IsOptional()
  @IsDateString()
  scheduledAt?: string;
}

export class BroadcastSettingsDto {
  @ApiProperty({ type: [String], example: ['stop', 'unsubscribe'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  optOutKeywords: string[];

  @ApiProperty({ type: [String], example: ['start'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  optInKeywords: string[];

  @ApiProperty({ description: 'At most one broadcast per contact within this many hours; 0 = no cap.', example: 24 })
  @IsInt()
  @Min(0)
  @Max(720)
  frequencyCapHours: number;
}

export class CreateTemplateDto {
  @ApiProperty()
  @IsUUID()
  connectionId: string;

  @ApiProperty({ example: 'spring_sale' })
  @Matches(TEMPLATE_NAME, { message: 'name: lower-case letters, digits and _' })
  name: string;

  @ApiProperty({ example: 'en_US' })
  @Matches(TEMPLATE_LANGUAGE, { message: 'language: a code such as en or en_US' })
  language: string;

  @ApiProperty({ enum: ['marketing', 'utility', 'authentication'] })
  @IsIn(['marketing', 'utility', 'authentication'])
  category: 'marketing' | 'utility' | 'authentication';

  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'paused', 'disabled'], description: 'As WhatsApp Manager shows it.' })
  @IsIn(['pending', 'approved', 'rejected', 'paused', 'disabled'])
  status: string;

  @ApiProperty({ example: 'Hi {{1}}, our spring sale starts today.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  body: string;
}

export class UpdateTemplateDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'paused', 'disabled'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected', 'paused', 'disabled'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  body?: string;
}
