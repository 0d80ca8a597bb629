import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/policy.decorators';
import type { HandshakeResponse } from '../channel-adapter';
import { WebhooksService } from './webhooks.service';

/** `/api/webhooks/<platform>/<connectionId>`: public, authenticated by each platform's signature instead. */
@ApiExcludeController()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Public()
  @Get(':platform/:connectionId')
  async handshake(@Param('platform') platform: string, @Param('connectionId') id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    send(res, await this.webhooks.handshake(platform, id, query));
  }

  @Public()
  @Post(':platform/:connectionId')
  @HttpCode(200)
  deliver(@Param('platform') platform: string, @Param('connectionId') id: string, @Req() req: Request & { rawBody?: Buffer }, @Headers() headers: Record<string, string>, @Body() body: unknown) {
    return this.webhooks.deliver(platform, id, req.rawBody, headers, body);
  }
}

/** A handshake answer as the platform expects it: Meta wants the bare challenge as text, X a JSON object. */
function send(res: Response, answer: HandshakeResponse): void {
  res.status(answer.status);
  if (typeof answer.body === 'string') res.type(answer.contentType ?? 'text/plain').send(answer.body);
  else res.json(answer.body);
}
