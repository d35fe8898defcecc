import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';

/** What a body that never reaches GraphQL is answered with: GraphQL's error shape, a stable code and reason. */
function refuse(res: ServerResponse, status: number, reason: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST', reason } }] }));
}

/** The body as text, or null once it passes `maxBytes` (the rest is read and dropped, so the answer still arrives). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks, size).toString('utf8')));
    req.on('error', reject);
  });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * POST /graphql served straight from Node's HTTP server to Apollo's `executeHTTPGraphQLRequest`, as
 * `@as-integrations/express5` does, without express's router, response helpers and `express.json`: on an uncached
 * page those cost ~0.7 ms of the server's CPU, a fifth of it (ADR 0010, sixth amendment). What the route needs from
 * them is here: a JSON body of at most `maxBytes` (413 BODY_TOO_LARGE past it, 400 INVALID_JSON when it does not
 * parse, 415 UNSUPPORTED_ENCODING when compressed). The caller runs the request logger and CORS first, as express did.
 */
export function graphqlPostRoute<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage) => Promise<C>,
  maxBytes: number,
  onError: (err: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding !== 'identity') {
      req.resume();
      return refuse(res, 415, 'UNSUPPORTED_ENCODING', 'Send the GraphQL request uncompressed.');
    }
    const tooLarge = () => refuse(res, 413, 'BODY_TOO_LARGE', `A request body is at most ${maxBytes} bytes.`);
    if (Number(req.headers['content-length']) > maxBytes) {
      req.resume();
      return tooLarge();
    }
    const text = await readBody(req, maxBytes);
    if (text === null) return tooLarge();
    let body: unknown;
    // Another content type reaches Apollo without a body, which answers it (400, or CSRF prevention's refusal).
    if (JSON_TYPE.test(req.headers['content-type'] ?? '') && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(res, 400, 'INVALID_JSON', 'The request body is not valid JSON.');
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const search = req.url!.includes('?') ? req.url!.slice(req.url!.indexOf('?')) : '';
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search, body },
      context: () => context(req),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
  // Apollo answers every GraphQL failure itself; what is left (the client went away mid-body) ends the exchange.
  return (req, res) =>
    serve(req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) refuse(res, 400, 'REQUEST_ABORTED', 'The request body did not arrive whole.');
      else res.destroy();
    });
}

/** Whether a request is the one this route serves: POST to /graphql, with or without a query string. */
export const isGraphqlPost = (req: IncomingMessage): boolean =>
  req.method === 'POST' && (req.url === '/graphql' || req.url?.startsWith('/graphql?') === true);
