import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CHANNEL_ADAPTER_PROVIDERS } from './channel-adapters.registrar';
import { ChannelConnectionsService } from './channel-connections.service';
import { ChannelRegistry } from './channel-registry';
import { ChannelsController } from './channels.controller';
import { SECRET_BOX } from './channels.tokens';
import { ConnectionStore } from './connection-store';
import { ChannelMediaController } from './media/channel-media.controller';
import { ChannelMediaService } from './media/channel-media.service';
import { loadSecretBox } from './secrets/secret-key-file';
import { SecretRotation } from './secrets/secret-rotation';

/** Channel connections, their encrypted secrets, and the adapters of every platform (see ChannelRegistry). */
@Module({
  imports: [AuditModule],
  controllers: [ChannelsController, ChannelMediaController],
  providers: [
    { provide: SECRET_BOX, useFactory: (config: AppConfig) => loadSecretBox(config), inject: [APP_CONFIG] },
    ConnectionStore,
    ChannelRegistry,
    SecretRotation,
    ChannelConnectionsService,
    ChannelMediaService,
    ...CHANNEL_ADAPTER_PROVIDERS,
  ],
  exports: [ChannelRegistry, ConnectionStore],
})
export class ChannelsModule {}
