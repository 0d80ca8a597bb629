import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKey, SecretBox } from './secret-box';
import { loadSecretBox } from './secret-key-file';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('round-trips, never shows the plaintext, and names its key', () => {
    const box = new SecretBox(key);
    const sealed = box.seal({ appSecret: 'canary-7f3a' });
    expect(sealed).not.toContain('canary-7f3a');
    expect(JSON.parse(sealed).kid).toBe(box.currentKeyId);
    expect(box.open(sealed)).toEqual({ appSecret: 'canary-7f3a' });
  });

  it('refuses a tampered envelope or one relabelled to another key', () => {
    const box = new SecretBox(key);
    const envelope = JSON.parse(box.seal({ a: 'b' }));
    const ct = Buffer.from(envelope.ct, 'base64');
    ct[0] ^= 1;
    expect(() => box.open(JSON.stringify({ ...envelope, ct: ct.toString('base64') }))).toThrow();
    const other = new SecretBox(randomBytes(32), [key]);
    expect(() => other.open(JSON.stringify({ ...envelope, kid: other.currentKeyId }))).toThrow();
  });

  it('opens old envelopes only while the previous key is configured (rotation)', () => {
    const sealed = new SecretBox(key).seal({ t: '1' });
    const next = randomBytes(32);
    const rotating = new SecretBox(next, [key]);
    expect(rotating.open(sealed)).toEqual({ t: '1' });
    expect(SecretBox.keyIdOf(rotating.seal({ t: '1' }))).toBe(rotating.currentKeyId);
    expect(() => new SecretBox(next).open(sealed)).toThrow(/No key/);
  });

  it('parses hex and base64 keys of 32 bytes only', () => {
    expect(parseKey(key.toString('hex'))).toEqual(key);
    expect(parseKey(key.toString('base64'))).toEqual(key);
    expect(() => parseKey('short')).toThrow(/32 bytes/);
  });

  it('generates a key file once, mode 0600, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-key-'));
    const first = loadSecretBox({ dataDir: dir, secretKeyPrevious: [] });
    const second = loadSecretBox({ dataDir: dir, secretKeyPrevious: [] });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['secret.key']);
  });
});
