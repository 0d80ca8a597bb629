import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class PostWebchatMessageDto {
  /** The visitor's own id for this message: re-posting it (a retry) is a duplicate, not a second message. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientMessageId: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  text?: string;

  /** A tapped button's payload. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  payload?: string;
}

export class WebchatMessagesQueryDto {
  @IsOptional()
  @IsString()
  after?: string;
}
