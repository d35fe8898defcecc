import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { explorerRouter } from '../../src/explorer';
import { isLoopback } from '../../src/lib/loopback';
import { playgroundHandler } from '../../src/playground';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::ffff:127.1.2.3'])('%s is this machine', (a) => {
    expect(isLoopback(a)).toBe(true);
  });
  it.each(['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fd00::2', '::', '0.0.0.0', '128.0.0.1', '', undefined, 'not-an-ip'])(
    '%s is not',
    (a) => {
      expect(isLoopback(a)).toBe(false);
    },
  );
});

describe("the demo's token on /explore/config.js and /graphiql", () => {
  const TOKEN = 'demo.jwt.token-value';
  let server: Server;
  let url: string;
  /** The peer address the server sees for the next connections: as if the request came from another machine. */
  let peer: string | null = null;
  beforeAll(async () => {
    const app = express();
    app.get('/graphiql', playgroundHandler({ Authorization: `Bearer ${TOKEN}` }));
    app.use('/explore', explorerRouter(TOKEN));
    server = createServer(app);
    server.on('connection', (socket) => {
      if (peer) Object.defineProperty(socket, 'remoteAddress', { value: peer });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string) => (await fetch(`${url}${path}`, { headers: { connection: 'close' } })).text();

  it('is served to a client on this machine', async () => {
    peer = null;
    expect(await get('/explore/config.js')).toContain(TOKEN);
    expect(await get('/graphiql')).toContain(TOKEN);
  });

  it.each(['203.0.113.7', '::ffff:192.0.2.10', '2001:db8::1'])('is not served to %s, who gets the pages without it', async (address) => {
    peer = address;
    const config = await get('/explore/config.js');
    expect(config).toBe('window.LAYER_EXPLORER = {};\n');
    const graphiql = await get('/graphiql');
    expect(graphiql).not.toContain(TOKEN);
    expect(graphiql).toContain('paste your JWT');
  });
});
