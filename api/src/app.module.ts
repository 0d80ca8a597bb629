import * as fs from 'node:fs';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChannelsModule } from './channels/channels.module';
import { ChannelWebhooksModule } from './channels/webhooks/channel-webhooks.module';
import { redactWebhookUrl, WEBHOOK_LOG_REDACT_PATHS } from './channels/webhooks/log-redaction';
import { requestIdFor } from './common/request-id';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { databaseOptions } from './database/database-options';
import { EgressModule } from './egress/egress.module';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { ContactsModule } from './contacts/contacts.module';
import { ConversationsModule } from './conversations/conversations.module';
import { FlowExecutionModule } from './flow-execution/flow-execution.module';
import { WebchatModule } from './webchat/webchat.module';
import { FlowsModule } from './flows/flows.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

/** Feature modules. A new feature adds its module here. */
export const featureModules = [AuditModule, AuthModule, WorkspacesModule, FlowsModule, HealthModule, EgressModule, ChannelsModule, ChannelWebhooksModule, ContactsModule, ConversationsModule, FlowExecutionModule, WebchatModule, InboxModule, AnalyticsModule, BroadcastsModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const studio = config.studioDist && fs.existsSync(config.studioDist) ? [studioModule(config.studioDist)] : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            // A request id on every log line: the caller's X-Request-Id when it looks sane, else a new one.
            genReqId: (req, res) => {
              const id = requestIdFor(req.headers['x-request-id']);
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', ...WEBHOOK_LOG_REDACT_PATHS],
            serializers: { req: redactWebhookUrl },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        TypeOrmModule.forRoot(databaseOptions(databaseUrl, config.dbPoolMax)),
        ...featureModules,
        ...studio,
      ],
    };
  }
}

/** The built studio at `/`, with the SPA's index.html for any non-API path. */
function studioModule(rootPath: string) {
  return ServeStaticModule.forRoot({ rootPath, exclude: ['/api/{*path}'], serveStaticOptions: { index: 'index.html' } });
}
