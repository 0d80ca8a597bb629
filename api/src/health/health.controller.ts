import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Public } from '../common/policy.decorators';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration is applied. */
  @Public()
  @Get('ready')
  async ready() {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new DomainError('DATABASE_UNAVAILABLE', 'The database does not answer.', 503);
    }
    if (await this.db.showMigrations()) {
      throw new DomainError('MIGRATIONS_PENDING', 'Database migrations are not all applied.', 503);
    }
    return { status: 'ready' };
  }
}
