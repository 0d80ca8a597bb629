import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { BroadcastWorker, type BroadcastWorkerOptions } from './broadcast-worker';

/** Runs the broadcast worker in processes whose `PARLEY_ROLE` is `all` or `worker`, like the flow-execution loops. */
@Injectable()
export class BroadcastRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: BroadcastWorker[] = [];

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.startWorker();
  }

  async beforeApplicationShutdown(): Promise<void> {
    while (this.workers.length) await this.workers.pop()!.stop();
  }

  /** Starts a worker (tests and benches start them on demand in the `api` role). */
  startWorker(options: BroadcastWorkerOptions = {}, db: DataSource = this.db): BroadcastWorker {
    const worker = new BroadcastWorker(db, options);
    worker.start();
    this.workers.push(worker);
    return worker;
  }
}
