import { AppError } from '../../src/lib/errors';
import { validDomains } from '../../src/tenants/tenant.repository';

const refusal = (domains: string[]) => {
  try {
    validDomains(domains);
    return null;
  } catch (err) {
    return err instanceof AppError ? { code: err.code, reason: err.reason, message: err.message } : err;
  }
};

describe('setTenantDomains input (validDomains)', () => {
  it('normalises good domain names, punycode ones included', () => {
    expect(validDomains([' Acme.COM ', '@acme.io', 'eu.acme.co.uk', 'xn--bcher-kva.de', 'shop.xn--p1ai'])).toEqual([
      'acme.com',
      'acme.io',
      'eu.acme.co.uk',
      'shop.xn--p1ai',
      'xn--bcher-kva.de',
    ]);
  });

  it.each(['gmail.com', 'GMail.com', '@outlook.com', 'proton.me', 'yahoo.com'])(
    'refuses the public mail domain %s, naming it',
    (domain) => {
      const normalised = domain.toLowerCase().replace(/^@/, '');
      expect(refusal(['acme.com', domain])).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'PUBLIC_MAIL_DOMAIN',
        message: expect.stringContaining(`"${normalised}"`),
      });
    },
  );

  it.each([
    'not a domain',
    'acme',
    'acme..com',
    '-acme.com',
    'acme-.com',
    'acme.c',
    '1.2.3.4',
    'a'.repeat(64) + '.com',
    'acme.com/x',
    'http://acme.com',
    '',
  ])('refuses the invalid domain name "%s", naming it', (domain) => {
    expect(refusal([domain])).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_DOMAIN',
      message: expect.stringContaining(`"${domain}"`),
    });
  });
});
