import { Writable } from 'node:stream';
import { createLogger } from '../../src/lib/logger';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

describe('the logger', () => {
  it("redacts authorization headers, tokens, codes and client secrets by pino's own redaction", () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer jwt-secret' } }, headers: { authorization: 'Basic abc' } }, 'request');
    logger.info({ body: { access_token: 'ntn_access', refresh_token: 'nrt_refresh', client_secret: 'shh' } }, 'token response');
    logger.info({ accessToken: 'a1', refreshToken: 'r1', code: 'oauth-code', tokens: { accessToken: 'a2', refreshToken: 'r2' } }, 'tokens');
    const text = lines.join('');
    for (const secret of ['jwt-secret', 'Basic abc', 'ntn_access', 'nrt_refresh', 'shh', 'a1', 'r1', 'oauth-code', 'a2', 'r2']) {
      expect(text).not.toContain(`"${secret}"`);
    }
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(10);
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'layer-identity-graph', msg: 'request' });
  });
});

describe('redaction at any depth', () => {
  const SECRETS = {
    access_token: 'ya29.access-secret-1',
    refresh_token: '1//refresh-secret-2',
    authorization: 'Bearer header-secret-3',
    client_secret: 'client-secret-4',
    code: 'oauth-code-secret-5',
    id_token: 'eyJ.id-token-secret-6',
    password: 'password-secret-7',
    token: 'plain-token-secret-8',
  };

  /** A provider error as gaxios and the Notion client throw them: config, headers, response body, nested arrays. */
  function providerError(): Error {
    const err = Object.assign(new Error('Request failed with status code 400'), {
      code: 'ERR_BAD_REQUEST',
      config: {
        url: `https://oauth2.example/token?code=${SECRETS.code}&state=abc`,
        headers: { Authorization: SECRETS.authorization, 'Content-Type': 'application/json' },
        data: `grant_type=refresh_token&refresh_token=${SECRETS.refresh_token}&client_secret=${SECRETS.client_secret}`,
      },
      response: {
        status: 400,
        config: { headers: { AUTHORIZATION: SECRETS.authorization } },
        data: {
          error: 'invalid_grant',
          details: [{ grant: { tokens: [{ Access_Token: SECRETS.access_token, ID_TOKEN: SECRETS.id_token }] } }],
          deeper: { a: { b: { c: { d: { Password: SECRETS.password, token: SECRETS.token, Code: SECRETS.code } } } } },
        },
      },
    });
    return Object.assign(err, { cause: { request: { body: { client_secret: SECRETS.client_secret } } } });
  }

  it('keeps every secret-named value out of the line, however deep, in errors, arrays and plain objects', () => {
    const { logger, lines } = capture();
    const err = providerError();
    logger.error({ err }, 'token refresh failed');
    logger.warn(
      { connection: 'c1', error: providerError(), attempts: [{ response: { data: { refresh_token: SECRETS.refresh_token } } }] },
      'retry',
    );
    logger.info({ context: { nested: [{ headers: { authorization: SECRETS.authorization } }, { body: SECRETS }] } }, 'plain');
    const text = lines.join('');
    for (const [name, secret] of Object.entries(SECRETS)) expect({ name, leaked: text.includes(secret) }).toEqual({ name, leaked: false });
    // What is not a secret is still there: the message, status, error code and the stack.
    const line = JSON.parse(lines[0]);
    expect(line.err).toMatchObject({ type: 'Error', message: 'Request failed with status code 400', code: 'ERR_BAD_REQUEST' });
    expect(line.err.response).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });
    expect(line.err.stack).toMatch(/at /);
    expect(JSON.parse(lines[2]).context.nested[1].body).toEqual(Object.fromEntries(Object.keys(SECRETS).map((k) => [k, '[REDACTED]'])));
  });

  it('survives cycles and bounds the walk of a huge object', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { token: SECRETS.token };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { password: SECRETS.password };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    logger.info({ cyclic, deep, wide: Array.from({ length: 10_000 }, (_, i) => ({ i, token: SECRETS.token })) }, 'big');
    const text = lines.join('');
    expect(text).not.toContain(SECRETS.token);
    expect(text).not.toContain(SECRETS.password);
    expect(text).toContain('[Circular]');
    expect(text).toContain('[Truncated]');
    expect(text.length).toBeLessThan(200_000);
  });
});
