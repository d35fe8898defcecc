import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import cors from 'cors';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { GraphQLFormattedError } from 'graphql';
import type { Authenticator, JwksTiming } from './graphql/auth';
import { auditPlugin } from './graphql/audit-plugin';
import { domainError, toGraphQLError } from './graphql/errors';
import { AppError } from './lib/errors';
import { type Context, createContext, type Services } from './graphql/context';
import { costLimitPlugin } from './graphql/cost';
import { graphqlPostRoute, isGraphqlPost } from './graphql/post-route';
import { metricsPlugin } from './graphql/metrics-plugin';
import { responseCachePlugins } from './graphql/response-cache';
import type { Metrics } from './metrics/metrics';
import { metricsAuth } from './metrics/metrics-auth';
import { buildAppSchema } from './graphql/schema';
import type { ProviderInfo } from './graphql/types/provider';
import { missingConstraints } from './graph/constraints';
import type { Graph } from './graph/graph';
import { errSerializer, type Logger } from './lib/logger';
import { redactText } from './lib/redact';
import { explorerRouter } from './explorer';
import { exportRouter } from './export/export.router';
import { type ExampleHints, playgroundHandler } from './playground';

const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'UPSTREAM_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** graphql-armor's rejections, named by a stable reason so clients need not parse the message. */
const LIMIT_REASONS: [RegExp, string][] = [
  [/Query depth limit of/, 'MAX_DEPTH'],
  [/Aliases limit of/, 'MAX_ALIASES'],
  [/Query cost limit of/, 'MAX_COST'],
  [/Document contains more th\w+ \d+ tokens/, 'MAX_TOKENS'],
  [/Directives limit of/, 'MAX_DIRECTIVES'],
];

/**
 * Maps domain errors (AppError) to their code and reason, keeps GraphQL's own client errors as they are, and
 * masks everything else as INTERNAL, so no driver or Cypher text leaks.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domain = domainError(error);
    if (domain)
      return {
        message: domain.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: domain.code, reason: domain.reason },
      };
    const code = String(formatted.extensions?.code ?? '');
    if (CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      const limit = LIMIT_REASONS.find(([pattern]) => pattern.test(formatted.message));
      if (limit) extensions.reason = limit[1];
      return { ...formatted, extensions };
    }
    logger.error({ err: error, path: formatted.path }, 'Unexpected error while resolving a request');
    return { message: 'Something went wrong on our side; the error was logged.', path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}

/** Options of the HTTP layer that differ between production and the demo. */
/** What /readyz reports about the scheduler. */
export type SchedulerState = 'running' | 'disabled' | 'stopped';

export interface HttpOptions {
  /** The registered connectors, for the GraphQL Provider enum. */
  providers?: readonly ProviderInfo[];
  /** Prometheus metrics served at /metrics (and fed by the GraphQL plugin). */
  metrics?: Metrics;
  /** When set, /metrics requires it as a bearer token (METRICS_TOKEN). */
  metricsToken?: string;
  /** The scheduler's state for /readyz. */
  scheduler?: () => SchedulerState;
  /** Headers GraphiQL starts with (the demo's JWT). */
  playgroundHeaders?: Record<string, string>;
  /** What the playground's example operations point at (the demo's workspace and a person in it). */
  playgroundHints?: ExampleHints;
  /** Query limits (graphql-armor); each rejection is a 400 naming the limit and its value. */
  limits?: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };
  /** Browser origins allowed to call /graphql (CORS); none by default. */
  corsOrigins?: string[];
  /** Seconds a query's answer may be served from the response cache (0 or unset: no cache). */
  responseCacheSeconds?: number;
  /** Rows per Neo4j round trip of a CSV export (tests make it small to cross many pages). */
  exportPageSize?: number;
  /** How often the identity provider's key set may be refetched (jose's defaults unless set; tests shorten them). */
  jwksTiming?: JwksTiming;
}

/**
 * graphql-armor's depth, alias and directive rules. Its cost rule is off: it grows with depth, not with
 * page sizes, so costLimitPlugin (graphql-query-complexity, `first`-aware) does that job. Its token plugin
 * is off too: graphql-js's own parser limit (parseOptions.maxTokens) answers 400 where armor's throws 500.
 */
function armor(limits: NonNullable<HttpOptions['limits']>) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** The largest GraphQL request body (bytes), on POST and GET alike. */
const GRAPHQL_BODY_LIMIT = 100 * 1024;

export const DEFAULT_LIMITS = { maxDepth: 10, maxAliases: 15, maxCost: 10000, maxTokens: 1000 };

/** The HTTP server: GraphQL at /graphql behind JWT auth (roles checked by `@Authorized`, mutations audited), GraphiQL at /graphiql, liveness and readiness probes. */
export async function createHttpServer(
  services: Services,
  graph: Graph,
  auth: Authenticator,
  logger: Logger,
  options: HttpOptions = {},
): Promise<{ server: Server; apollo: ApolloServer<Context> }> {
  const app = express();
  // No ETag on answers (express would hash every body for it; a POST is never revalidated) and no X-Powered-By.
  app.set('etag', false).disable('x-powered-by');
  // POST /graphql goes straight to Apollo (graphql/post-route.ts); everything else, GET /graphql and CORS
  // preflights included, through express.
  let graphqlPost: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => app(req, res);
  const server = createServer((req, res) => (isGraphqlPost(req) ? graphqlPost(req, res) : app(req, res)));
  const limits = options.limits ?? DEFAULT_LIMITS;
  const protection = armor(limits);
  const apollo = new ApolloServer<Context>({
    schema: await buildAppSchema(options.providers ?? []),
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    // main.ts handles SIGTERM (sync first, then HTTP); Apollo's own handler would re-raise the signal mid-way.
    stopOnTerminationSignals: false,
    plugins: [
      ...(options.metrics ? [metricsPlugin<Context>(options.metrics)] : []),
      ...protection.plugins,
      costLimitPlugin(limits.maxCost),
      auditPlugin(services.audit, logger, options.metrics?.auditWriteFailures),
      ...responseCachePlugins(options.responseCacheSeconds ?? 0, graph, () => options.metrics?.responseCache.inc({ result: 'shared' })),
      // With the response cache off nothing reads cache hints: Apollo's default cache-control plugin would still
      // hook every field of every answer (~1 % of an uncached page) only to compute the header set below.
      ...((options.responseCacheSeconds ?? 0) > 0 ? [] : [ApolloServerPluginCacheControlDisabled()]),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  // One log line per request, with a request id that is also returned in X-Request-Id.
  const logRequest = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id =
        (typeof req.headers['x-request-id'] === 'string' &&
          /^[\w-]{1,64}$/.test(req.headers['x-request-id']) &&
          req.headers['x-request-id']) ||
        randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactText(req.url) }),
      err: errSerializer,
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
  });
  app.use(logRequest);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready: Neo4j answers, every constraint and index is online (read from the database's schema), and the
  // scheduler runs when it should. JSON, no auth, no secrets.
  app.get('/readyz', async (_req, res) => {
    const missing = await missingConstraints(graph).catch(() => null);
    const neo4j = missing ? 'up' : 'down';
    const constraints = !missing ? 'unknown' : missing.length === 0 ? 'applied' : 'missing';
    const scheduler = options.scheduler?.() ?? 'disabled';
    const ready = neo4j === 'up' && constraints === 'applied' && scheduler !== 'stopped';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j, constraints, scheduler });
  });
  if (options.metrics) {
    const registry = options.metrics.registry;
    app.get('/metrics', metricsAuth(options.metricsToken), async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  const playground = playgroundHandler(options.playgroundHeaders, options.playgroundHints);
  app.get('/graphiql', playground);
  app.get('/', (_req, res) => res.redirect('/graphiql'));
  app.use(
    '/export',
    exportRouter(
      { users: services.users, offboarding: services.offboarding, tenants: services.tenants, access: services.access, apps: services.apps },
      services.audit,
      auth,
      logger,
      options.exportPageSize,
    ),
  );
  app.use('/explore', explorerRouter(options.playgroundHeaders?.Authorization?.replace(/^Bearer\s+/i, '')));
  const corsGraphql = cors({ origin: options.corsOrigins ?? [], credentials: false, maxAge: 600 });
  const context = async (req: IncomingMessage) => {
    // Thrown here, a domain error must already be a GraphQL error for Apollo to keep its code and HTTP status.
    const principal = await auth.authenticate(req.headers.authorization).catch((err: unknown) => {
      throw err instanceof AppError ? toGraphQLError(err) : err;
    });
    return createContext(principal, services);
  };
  // Answers belong to one tenant and one caller: no browser or proxy keeps them.
  const noStore = (_req: unknown, res: ServerResponse, next: () => void) => (res.setHeader('cache-control', 'no-store'), next());
  app.use(
    '/graphql',
    corsGraphql,
    noStore,
    express.json({ limit: GRAPHQL_BODY_LIMIT }),
    expressMiddleware(apollo, { context: ({ req }) => context(req) }),
  );
  const post = graphqlPostRoute(apollo, context, GRAPHQL_BODY_LIMIT, (err) =>
    logger.warn({ err }, 'A GraphQL request failed before Apollo'),
  );
  graphqlPost = (req, res) => {
    logRequest(req, res);
    corsGraphql(req, res, () => noStore(req, res, () => void post(req, res)));
  };
  return { server, apollo };
}
