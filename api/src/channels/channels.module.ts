import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ChannelRegistry } from './channel-registry';
import { SECRET_BOX } from './channels.tokens';
import { ConnectionStore } from './connection-store';
import { loadSecretBox } from './secrets/secret-key-file';
import { SecretRotation } from './secrets/secret-rotation';

/** Channel connections, their encrypted secrets, and the adapters of every platform (see ChannelRegistry). */
@Module({
  imports: [AuditModule],
  providers: [
    { provide: SECRET_BOX, useFactory: (config: AppConfig) => loadSecretBox(config), inject: [APP_CONFIG] },
    ConnectionStore,
    ChannelRegistry,
    SecretRotation,
  ],
  exports: [ChannelRegistry, ConnectionStore],
})
export class ChannelsModule {}
