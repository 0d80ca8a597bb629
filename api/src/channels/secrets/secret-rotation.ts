import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConnectionStore } from '../connection-store';

/**
 * Key rotation: start with the new key as PARLEY_SECRET_KEY and the old one in PARLEY_SECRET_KEY_PREVIOUS; every
 * row still sealed with the old key is re-sealed at boot. Then drop PARLEY_SECRET_KEY_PREVIOUS: the old key opens nothing.
 */
@Injectable()
export class SecretRotation implements OnApplicationBootstrap {
  private readonly logger = new Logger(SecretRotation.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: ConnectionStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.secretKeyPrevious.length === 0) return;
    const count = await this.store.resealAll();
    this.logger.log(`Re-encrypted the secrets of ${count} channel connection(s) with the current key.`);
  }
}
