import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A listening stand-in: its base URL, and a stop that also destroys open (hung) connections. */
export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Listens over plain HTTP with `handle`, tracking sockets so that a hung request cannot keep `stop` waiting. */
export async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onError: (res: ServerResponse, err: Error) => void,
  opts: { port?: number; host?: string } = {},
): Promise<Served> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => onError(res, err));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A reset mid-answer: a 200's headers announcing more than `partial`, part of the body, then the connection destroyed. */
export function cutOff(res: ServerResponse, partial: string, contentType = 'application/json'): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(partial.length + 1000) });
  res.write(partial);
  setTimeout(() => res.socket?.destroy(), 20);
}
