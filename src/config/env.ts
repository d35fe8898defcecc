import { z } from 'zod';

/** Every environment variable the service reads, parsed once. Nothing else touches process.env. */
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

const cron = z.string().refine((v) => v.trim().split(/\s+/).length >= 5, 'must be a cron expression such as "0 */6 * * *"');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  NEO4J_URI: z.string().regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'must be a neo4j:// or bolt:// URI'),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default('neo4j'),
  NEO4J_DATABASE: z.string().default('neo4j'),
  NOTION_CLIENT_ID: z.string().min(1),
  NOTION_CLIENT_SECRET: z.string().min(1),
  NOTION_REDIRECT_URI: z.url(),
  NOTION_API_BASE_URL: z.url().default('https://api.notion.com'),
  NOTION_AUTHORIZE_URL: z.url().default('https://api.notion.com/v1/oauth/authorize'),
  NOTION_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  TOKEN_ENCRYPTION_KEY: base64Key,
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(base64Key)),
  /** The schedule's windows: every connection syncs once per window, at its own slot in it (ADR 0012). */
  SYNC_CRON: cron.default('0 */6 * * *'),
  /** all: API and sync in one process (the sync in a worker thread); api: GraphQL only, no sync; worker: sync only (ADR 0012). */
  SYNC_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How often a worker looks in Neo4j for syncs that an API process asked for (connect, syncConnection). */
  SYNC_REQUEST_POLL_SECONDS: z.coerce.number().min(0.1).max(60).default(1),
  SYNC_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SYNC_RUN_BUDGET_SECONDS: z.coerce.number().int().positive().default(3600),
  SYNC_MAX_PAGES: z.coerce.number().int().positive().default(5000),
  NOTION_REQUESTS_PER_SECOND: z.coerce.number().min(0).default(3),
  /** Members per write transaction, and batches written at once; chosen by measurement (docs/benchmarks.md). */
  SYNC_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(1000),
  SYNC_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  SYNC_SHRINK_GUARD_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  SYNC_STALE_AFTER_HOURS: z.coerce.number().positive().default(13),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(10000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(1000),
  /** Longest a query's whole answer is kept in memory (0: no cache); any write to the graph ends it sooner (ADR 0009). */
  API_RESPONSE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant_id'),
});

export type Env = z.infer<typeof envSchema>;

/**
 * The offline demo's switches (read before the rest, since the demo supplies the service's own variables).
 * LAYER_DEMO: auto (demo when neither NEO4J_URI nor NOTION_CLIENT_ID is set), true, or false.
 */
export const demoSchema = z.object({
  LAYER_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  NEO4J_URI: z.string().optional(),
  NOTION_CLIENT_ID: z.string().optional(),
  NOTION_CLIENT_SECRET: z.string().optional(),
  NOTION_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  NOTION_SANDBOX_HOST: z.string().default('127.0.0.1'),
  NOTION_SANDBOX_PUBLIC_URL: z.url().optional(),
});

export type DemoSettings = z.infer<typeof demoSchema> & { enabled: boolean };

/** Whether to run the offline demo, and where its stand-in listens. */
export function loadDemoSettings(source: NodeJS.ProcessEnv = process.env): DemoSettings {
  const parsed = demoSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const d = parsed.data;
  const enabled = d.LAYER_DEMO === 'true' || (d.LAYER_DEMO === 'auto' && !d.NEO4J_URI && !d.NOTION_CLIENT_ID);
  return { ...d, enabled };
}

export class ConfigError extends Error {}

/** Parses the environment; a bad or missing value throws one error that names every problem. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
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
