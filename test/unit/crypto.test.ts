import { randomBytes } from 'node:crypto';
import { TokenCipher } from '../../src/lib/crypto';

describe('TokenCipher', () => {
  const key = randomBytes(32).toString('base64');

  it('round-trips a token and never repeats a ciphertext', () => {
    const cipher = new TokenCipher(key);
    const a = cipher.seal('ntn_secret');
    const b = cipher.seal('ntn_secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('ntn_secret');
    expect(a.split('.')[1]).toBe(cipher.keyId);
    expect(cipher.open(a)).toBe('ntn_secret');
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const cipher = new TokenCipher(key);
    const sealed = cipher.seal('ntn_secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('ntn_secreT').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
    expect(() => new TokenCipher(randomBytes(32).toString('base64')).open(sealed)).toThrow(/not configured/);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new TokenCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
