import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TooManyRequestsError } from '../common/domain-error';

const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES = 10;

/**
 * After 10 failed logins in 15 minutes for one account, or from one client address, further attempts get 429
 * until the oldest failure leaves the window — even with the right password, so guessing cannot probe the lock.
 * State is in PostgreSQL so it holds across processes and restarts.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly db: DataSource) {}

  async assertAllowed(email: string, clientIp: string): Promise<void> {
    const [row]: Array<{ by_email: string | null; by_ip: string | null }> = await this.db.query(
      `SELECT
         (SELECT CASE WHEN count(*) >= $3 THEN min(at) END FROM (
            SELECT at FROM login_attempts WHERE email = $1 AND NOT succeeded AND at > now() - make_interval(secs => $4)
            ORDER BY at DESC LIMIT $3) e) AS by_email,
         (SELECT CASE WHEN count(*) >= $3 THEN min(at) END FROM (
            SELECT at FROM login_attempts WHERE client_ip = $2 AND NOT succeeded AND at > now() - make_interval(secs => $4)
            ORDER BY at DESC LIMIT $3) i) AS by_ip`,
      [email, clientIp, MAX_FAILURES, WINDOW_SECONDS],
    );
    // The lock lasts until the oldest of the last 10 failures is 15 minutes old.
    const oldest = [row.by_email, row.by_ip].filter((v): v is string => v !== null).map((v) => new Date(v).getTime());
    if (oldest.length === 0) return;
    const retryAfter = Math.max(1, Math.ceil((Math.max(...oldest) + WINDOW_SECONDS * 1000 - Date.now()) / 1000));
    throw new TooManyRequestsError('TOO_MANY_ATTEMPTS', 'Too many failed logins. Try again later.', retryAfter);
  }

  async record(email: string, clientIp: string, succeeded: boolean): Promise<void> {
    await this.db.query(`INSERT INTO login_attempts (email, client_ip, succeeded) VALUES ($1, $2, $3)`, [email, clientIp, succeeded]);
    if (succeeded) {
      // A successful login clears the account's failures (not the address's: that one may be an attacker's).
      await this.db.query(`DELETE FROM login_attempts WHERE email = $1 AND NOT succeeded`, [email]);
    }
  }
}
