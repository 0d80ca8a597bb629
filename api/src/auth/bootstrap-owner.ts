import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { hashPassword } from './passwords';

export interface BootstrapResult {
  created: boolean;
  email?: string;
  /** Set only when the password was generated: it is printed once and never stored in clear. */
  generatedPassword?: string;
}

/**
 * On the first start of an empty database, creates the owner account and a first workspace, from
 * PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD or with a generated password.
 */
export async function bootstrapOwner(db: DataSource, config: Pick<AppConfig, 'adminEmail' | 'adminPassword'>): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    // Two processes starting at once: the lock makes the second one see the first one's user.
    await tx.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
    const [{ count }] = await tx.query(`SELECT count(*)::int AS count FROM users`);
    if (count > 0) return { created: false };
    const generatedPassword = config.adminPassword ? undefined : randomBytes(12).toString('base64url');
    const [user] = await tx.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Owner', $2) RETURNING id`, [
      config.adminEmail,
      await hashPassword(config.adminPassword ?? generatedPassword!),
    ]);
    const [workspace] = await tx.query(`INSERT INTO workspaces (name) VALUES ('My workspace') RETURNING id`);
    await tx.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`, [workspace.id, user.id]);
    return { created: true, email: config.adminEmail, generatedPassword };
  });
}
