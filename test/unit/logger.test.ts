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
