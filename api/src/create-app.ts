import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { installWebhookFastPath, WEBHOOK_BODY_LIMIT_BYTES } from './channels/webhooks/webhook-fast-path';
import { WebhooksService } from './channels/webhooks/webhooks.service';
import { HttpExceptionFilter, toBodyParserError } from './common/http-exception.filter';
import { rejectWorkspaceIdMiddleware } from './common/reject-workspace-id.middleware';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';

export const API_PREFIX = 'api';
const BODY_LIMIT = '1mb';
/** Flow documents may be large (up to 20,000 nodes). */
const FLOW_BODY_LIMIT = '10mb';

export function defaultStudioDist(): string {
  return path.resolve(__dirname, '..', '..', 'studio', 'dist');
}

/** Builds the whole HTTP app (used by `main.ts` and by the e2e tests) without listening. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ ...config, studioDist: config.studioDist ?? defaultStudioDist() }, databaseUrl),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use(`/${API_PREFIX}/flows`, jsonBody(FLOW_BODY_LIMIT));
  app.use(`/${API_PREFIX}/webhooks`, jsonBody(WEBHOOK_BODY_LIMIT_BYTES));
  app.use(jsonBody(BODY_LIMIT));
  app.use(`/${API_PREFIX}`, rejectWorkspaceIdMiddleware);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  setUpOpenApi(app);
  // Plain webhook deliveries skip the framework (measured: see webhook-fast-path.ts); the rest reach the routes above.
  installWebhookFastPath(app.getHttpServer(), app.get(WebhooksService));
  return app;
}

/**
 * JSON body parser that keeps the raw bytes (webhook signatures are computed over them) and answers its own
 * errors (bad JSON, too large) in our error format, since they happen before Nest's filters.
 */
function jsonBody(limit: string | number) {
  const parse = json({
    limit,
    verify: (req, _res, buf) => {
      (req as Request & { rawBody?: Buffer }).rawBody = buf;
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const mapped = toBodyParserError(error);
      if (!mapped) return next(error);
      res.status(mapped.status).json(mapped.body);
    });
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parley API')
      .setDescription('DM automation: flows, versions, channels, the runtime and the inbox. Errors are { code, message, details? }.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth('parley_session')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs/openapi.json` });
}
