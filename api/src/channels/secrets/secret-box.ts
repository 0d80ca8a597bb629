import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A sealed value: AES-256-GCM, the id of the key that sealed it, base64 parts. Stored as JSON text. */
interface Envelope {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export class SecretKeyError extends Error {}

/** The id of a key: a short hash, so the envelope names its key without revealing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Parses a 32-byte key given as 64 hex characters or base64. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new SecretKeyError('PARLEY_SECRET_KEY must be 32 bytes (64 hex characters or base64).');
  return key;
}

/**
 * Envelope encryption for channel secrets (reliability rule 7). Seals with the current key; opens with the
 * current key or, during a rotation only, a previous one (so rows can be re-sealed, then the old key dropped).
 */
export class SecretBox {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.currentKeyId = keyId(current);
    this.keys.set(this.currentKeyId, current);
    for (const key of previous) if (!this.keys.has(keyId(key))) this.keys.set(keyId(key), key);
  }

  seal(secrets: Record<string, string>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    // The key id is bound as associated data: an envelope cannot be relabelled to another key.
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const ct = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const envelope: Envelope = { v: 1, kid: this.currentKeyId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
    return JSON.stringify(envelope);
  }

  open(sealed: string): Record<string, string> {
    const envelope = JSON.parse(sealed) as Envelope;
    const key = this.keys.get(envelope.kid);
    if (!key) throw new SecretKeyError(`No key ${envelope.kid} to open these secrets (was PARLEY_SECRET_KEY changed without PARLEY_SECRET_KEY_PREVIOUS?).`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(Buffer.from(envelope.kid));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  /** The key id an envelope names, without opening it. */
  static keyIdOf(sealed: string): string {
    return (JSON.parse(sealed) as Envelope).kid;
  }
}
