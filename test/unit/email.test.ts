import { isUsableEmail, normaliseEmail } from '../../src/identity/email';

describe('normaliseEmail', () => {
  it('gives the NFD and NFC spellings of josé@… one key: trimmed, NFC, lower-cased', () => {
    const nfd = ' Jose\u0301@Example.COM ';
    const nfc = 'jos\u00e9@example.com';
    expect(nfd).not.toBe(nfc);
    expect(normaliseEmail(nfd)).toBe(nfc);
    expect(normaliseEmail(nfc)).toBe(nfc);
    expect(isUsableEmail(normaliseEmail(nfd))).toBe(true);
  });
});
