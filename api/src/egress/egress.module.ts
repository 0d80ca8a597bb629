import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EgressClient } from './egress-client';

/** The one outbound HTTP client, configured from `EGRESS_ALLOW_HOSTS`. Global: channels and the runtime use it. */
@Global()
@Module({
  providers: [{ provide: EgressClient, useFactory: (config: AppConfig) => new EgressClient({ allowHosts: config.egressAllowHosts }), inject: [APP_CONFIG] }],
  exports: [EgressClient],
})
export class EgressModule {}
