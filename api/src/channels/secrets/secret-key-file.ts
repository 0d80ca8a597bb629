import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { parseKey, SecretBox } from './secret-box';

/**
 * The key sealing channel secrets: `PARLEY_SECRET_KEY` when set (keep it out of the flows' reach: a KMS or a
 * secrets manager injecting it), else a key generated once into `<data dir>/secret.key`, readable by the owner only.
 */
export function loadSecretBox(config: Pick<AppConfig, 'secretKey' | 'secretKeyPrevious' | 'dataDir'>): SecretBox {
  const current = config.secretKey ? parseKey(config.secretKey) : readOrCreateKeyFile(path.join(config.dataDir, 'secret.key'));
  return new SecretBox(current, config.secretKeyPrevious.map(parseKey));
}

function readOrCreateKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: link fails if another process won the race, and nobody ever reads a half-written key.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  return parseKey(fs.readFileSync(file, 'utf8'));
}
