import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A sealed value that this key cannot open: wrong format, another key, or tampered. */
export class SealedTokenError extends Error {}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

function decodeKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('A token encryption key must decode to 32 bytes');
  return key;
}

/**
 * AES-256-GCM for tokens at rest. The stored form is `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url): each
 * value names the key that sealed it. New values are sealed with the current key; previous keys (rotation)
 * only open old values until they are re-sealed.
 */
export class TokenCipher {
  private readonly key: Buffer;
  readonly keyId: string;
  private readonly previous: Map<string, Buffer>;

  constructor(base64Key: string, previousKeys: readonly string[] = []) {
    this.key = decodeKey(base64Key);
    this.keyId = keyIdOf(this.key);
    this.previous = new Map(previousKeys.map((k) => decodeKey(k)).map((k) => [keyIdOf(k), k]));
  }

  /** Every key this cipher opens: the current one and the previous ones. */
  get keyIds(): string[] {
    return [this.keyId, ...this.previous.keys()];
  }

  /** True when a sealed value was made with a previous key and should be re-sealed with the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.keyId;
  }

  /** Encrypts a secret; every call uses a fresh 96-bit IV. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', this.keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Decrypts a value sealed by this key; throws on tampering or a foreign key. */
  open(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !body) throw new SealedTokenError('Unrecognised sealed token format');
    const key = keyId === this.keyId ? this.key : this.previous.get(keyId);
    if (!key) throw new SealedTokenError(`Token was sealed with key ${keyId}, which is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedTokenError('Sealed token failed authentication (tampered or corrupted)');
    }
  }
}

/** A URL-safe random identifier with `bytes` of entropy. */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
