import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from '../channels/channel-registry';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EgressClient } from '../egress/egress-client';
import { Dispatcher } from './dispatcher';
import { ProcessingWorker, type WorkerOptions } from './processing-worker';
import { RateLimiter } from './rate-limiter';
import { TurnProcessor } from './turn-processor';

/** Starts this process's worker loops when `PARLEY_ROLE` is `all` or `worker`; stops them before the database closes. */
@Injectable()
export class FlowExecutionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: ProcessingWorker | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly processor: TurnProcessor,
    private readonly moduleRef: ModuleRef,
    private readonly egress: EgressClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.startWorker();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopWorker();
  }

  /** Starts worker loops on `db` (another DataSource lets a test run several independent workers in one process). */
  startWorker(options: WorkerOptions = {}, db: DataSource = this.db): ProcessingWorker {
    const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const dispatcher = new Dispatcher(db, this.registry(), this.egress, owner, new RateLimiter(this.config.sendRates, db), this.config.dispatchConcurrency);
    const worker = new ProcessingWorker(db, this.processor, dispatcher, { processors: this.config.processingLoops, ...options });
    worker.start();
    if (db === this.db && !this.worker) this.worker = worker;
    return worker;
  }

  /** Looked up at run time: ChannelsModule imports this module for intake, so we cannot import it back. */
  registry(): ChannelRegistry {
    return this.moduleRef.get(ChannelRegistry, { strict: false });
  }

  async stopWorker(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
  }
}
