import { z } from 'zod';
import { CONNECTORS } from '../connectors/registry';
import { unsetIfEmpty as optional } from '../connectors/variables';

/** Every environment variable the service reads, parsed once. Nothing else touches process.env. */
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

/** A comma-separated list (blank: none), each item checked by `item`. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((i) => i.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const cron = z.string().refine((v) => v.trim().split(/\s+/).length >= 5, 'must be a cron expression such as "0 */6 * * *"');

type ShapeOf<M> = M extends { variables: { shape: infer S } } ? S : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * Every registered connector's variables (its folder's `variables.ts`), composed: the service names no provider
 * here. A connector's group is all set (on) or all unset (off); a half-set group stops start-up naming what is
 * missing. The defaulted ones (API URLs, timeouts, pacing) are not part of the group.
 */
const connectorVariables = Object.assign({}, ...CONNECTORS.map((m) => m.variables.shape)) as Intersection<
  ShapeOf<(typeof CONNECTORS)[number]>
>;

/** Each connector's group, by display name. */
const connectorGroups = (): [string, readonly string[]][] => CONNECTORS.map((m) => [m.displayName, m.variables.group]);

const fields = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Unset: `npm start` runs the project's local Neo4j (src/dev/start.ts); the server itself needs one. */
  NEO4J_URI: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'must be a neo4j:// or bolt:// URI'),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default('neo4j'),
  NEO4J_DATABASE: z.string().default('neo4j'),
  /** How long an API request waits for an unreachable Neo4j before answering UPSTREAM_UNAVAILABLE; the sync waits longer (ADR 0010). */
  NEO4J_API_TIMEOUT_MS: z.coerce.number().int().min(500).max(60000).default(2000),
  TOKEN_ENCRYPTION_KEY: base64Key,
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: commaList(base64Key),
  /** The schedule's windows: every connection syncs once per window, at its own slot in it (ADR 0012). */
  SYNC_CRON: cron.default('0 */6 * * *'),
  /** all: API and sync in one process (the sync in a worker thread); api: GraphQL only, no sync; worker: sync only (ADR 0012). */
  SYNC_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /**
   * How long a run's lease lasts without a heartbeat (sent every quarter of it): a process killed mid-run has its
   * connection taken over and run again after this (ADR 0015). At most two minutes; tests shorten it.
   */
  SYNC_LEASE_SECONDS: z.coerce.number().int().min(2).max(120).default(120),
  SYNC_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SYNC_RUN_BUDGET_SECONDS: z.coerce.number().int().positive().default(3600),
  SYNC_MAX_PAGES: z.coerce.number().int().positive().default(5000),
  /** Members per write transaction, and batches written at once; chosen by measurement (docs/benchmarks.md). */
  SYNC_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(1000),
  SYNC_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  SYNC_SHRINK_GUARD_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  SYNC_STALE_AFTER_HOURS: z.coerce.number().positive().default(13),
  CORS_ORIGINS: commaList(z.url({ protocol: /^https?$/ })),
  /** Origins an OAuth redirectUri may use besides each provider's registered callback's (a staging frontend). */
  OAUTH_REDIRECT_ORIGINS: commaList(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(10000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(1000),
  /** Longest a query's whole answer is kept in memory (0: no cache); any write of the tenant ends it sooner (ADR 0009). */
  API_RESPONSE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** HS256 secret (demo, tests, small deployments); AUTH_JWKS_URL, this, or both must be set (see loadEnv). */
  AUTH_JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /** The identity provider's published keys (RS256/ES256), fetched and cached by jose. */
  AUTH_JWKS_URL: optional(z.url({ protocol: /^https?$/ })),
  AUTH_ISSUER: optional(z.string().min(1)),
  /** One audience or several, comma-separated; a token must name one of them. */
  AUTH_AUDIENCE: optional(z.string().min(1)).transform((v) =>
    v
      ?.split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  ),
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant_id'),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The role of a token without the roles claim: viewer, so a token that says nothing may change nothing (issue 19). */
  AUTH_DEFAULT_ROLE: z.enum(['admin', 'viewer']).default('viewer'),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  /** When set, /metrics (API and worker) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open. */
  METRICS_TOKEN: optional(z.string().min(1)),
  ...connectorVariables,
});

/** The whole configuration's cross-field rules, kept apart from envSchema so that `pick` still works on it. */
const checkedEnvSchema = fields
  .refine((e) => e.AUTH_JWT_SECRET !== undefined || e.AUTH_JWKS_URL !== undefined, {
    path: ['AUTH_JWKS_URL'],
    message: "set AUTH_JWKS_URL (your identity provider's key set), AUTH_JWT_SECRET (HS256), or both",
  })
  // An identity provider's keys sign tokens for every app it serves: without issuer and audience, any of them gets in.
  .refine((e) => e.AUTH_JWKS_URL === undefined || e.AUTH_ISSUER !== undefined, {
    path: ['AUTH_ISSUER'],
    message: "required with AUTH_JWKS_URL: the identity provider's issuer (the tokens' iss), e.g. https://acme.eu.auth0.com/",
  })
  .refine((e) => e.AUTH_JWKS_URL === undefined || (e.AUTH_AUDIENCE?.length ?? 0) > 0, {
    path: ['AUTH_AUDIENCE'],
    message: "required with AUTH_JWKS_URL: the API identifier registered at the identity provider (the tokens' aud)",
  });

export const envSchema = fields;

export type Env = z.infer<typeof envSchema>;

/** Half-set connector groups, checked on the raw values so they are named beside every other problem. */
function groupProblems(source: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const [connector, names] of connectorGroups()) {
    const missing = names.filter((n) => !source[n]);
    if (missing.length > 0 && missing.length < names.length) {
      problems.push(
        `  - ${missing.join(', ')}: ${connector} is half configured: set ${missing.length > 1 ? 'these' : 'it'} too, or unset every ${connector} variable`,
      );
    }
  }
  return problems;
}

/** The connector groups whose variables are all set, by display name (logged at start). */
export const enabledGroups = (env: Env): string[] =>
  connectorGroups()
    .filter(([, names]) => names.every((n) => env[n as keyof Env]))
    .map(([connector]) => connector);

/** Whether any connector variable is set (the offline demo's `auto` stays off then). */
export const anyConnectorSet = (source: NodeJS.ProcessEnv): boolean => connectorGroups().some(([, names]) => names.some((n) => source[n]));

export class ConfigError extends Error {}

/** Parses the environment; a bad or missing value throws one error that names every problem. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = checkedEnvSchema.safeParse(source);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`)),
    ...groupProblems(source),
  ];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** Parses only the named variables, for commands that need a few (the CLI's token and connections). */
export function loadEnvSubset<K extends keyof Env>(keys: readonly K[], source: NodeJS.ProcessEnv = process.env): Pick<Env, K> {
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as Record<keyof Env, true>;
  const parsed = envSchema.pick(mask).safeParse(source);
  if (parsed.success) return parsed.data as unknown as Pick<Env, K>;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
