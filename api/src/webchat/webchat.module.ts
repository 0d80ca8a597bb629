import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { FlowExecutionModule } from '../flow-execution/flow-execution.module';
import { WebchatAdapter } from './webchat.adapter';
import { WebchatController } from './webchat.controller';
import { WebchatService } from './webchat.service';

/** The built-in web chat channel (REST in, SSE out), registered with the ChannelRegistry like any platform. */
@Module({
  imports: [FlowExecutionModule],
  controllers: [WebchatController],
  providers: [WebchatAdapter, WebchatService],
  exports: [WebchatAdapter],
})
export class WebchatModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(visitorCors).forRoutes(
      ...['webchat/:connectionId/visitors', 'webchat/:connectionId/messages', 'webchat/:connectionId/stream'].map((path) => ({ path, method: RequestMethod.ALL })),
    );
  }
}

/**
 * The widget runs on other sites: the visitor routes answer any origin. No cookies are involved (the visitor's
 * token travels in a header or the stream's query), so `*` exposes nothing a visitor does not already hold.
 */
function visitorCors(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  res.setHeader('Access-Control-Allow-Headers', 'content-type, x-visitor-token');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
}
