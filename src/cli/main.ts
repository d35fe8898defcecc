import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadEnv, loadEnvSubset } from '../config/env';
import { createLogger } from '../lib/logger';
import { listConnections } from './connections.command';
import { printSchema } from './schema.command';
import { syncConnection } from './sync.command';
import { mintToken } from './token.command';

/**
 * Operators' CLI: `npm run cli -- <command>`. Reads the same environment variables as the server
 * (src/config/env.ts), each command only the ones it needs.
 */
const program = new Command('layer').description('Operate the Layer identity-graph service.').showHelpAfterError();
const out = (line: string) => process.stdout.write(line + '\n');

program
  .command('token')
  .description('Mint a JWT for a tenant (for the playground and scripts); needs AUTH_JWT_SECRET.')
  .requiredOption('-t, --tenant <id>', 'tenant id, written into the AUTH_TENANT_CLAIM claim')
  .option('--ttl <duration>', 'lifetime, e.g. 30m, 12h, 7d', '12h')
  .option('--sub <subject>', 'subject claim (who the token is for)', 'layer-cli')
  .option('--role <role>', 'admin or viewer, written into the AUTH_ROLES_CLAIM claim', 'admin')
  .action(async (opts: { tenant: string; ttl: string; sub: string; role: string }) => {
    if (!/^\d+[smhd]$/.test(opts.ttl)) throw new InvalidArgumentError(`--ttl "${opts.ttl}" is not a duration such as 30m, 12h or 7d`);
    if (opts.role !== 'admin' && opts.role !== 'viewer')
      throw new InvalidArgumentError(`--role "${opts.role}" is neither admin nor viewer`);
    const settings = loadEnvSubset(['AUTH_JWT_SECRET', 'AUTH_TENANT_CLAIM', 'AUTH_ROLES_CLAIM', 'AUTH_ISSUER', 'AUTH_AUDIENCE']);
    out(await mintToken(settings, opts.tenant, opts.ttl, opts.sub, opts.role as 'admin' | 'viewer'));
  });

program
  .command('connections')
  .description('List connections with their status and last run; needs NEO4J_*.')
  .option('-t, --tenant <id>', 'only this tenant')
  .option('--json', 'print JSON instead of a table')
  .action(async (opts: { tenant?: string; json?: boolean }) => {
    const env = loadEnvSubset(['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']);
    await listConnections(env, opts, out);
  });

program
  .command('sync')
  .description('Sync one connection now, printing progress and counts; needs the full server configuration.')
  .argument('<connectionId>', 'the connection to sync')
  .action(async (connectionId: string) => {
    const env = loadEnv();
    const ok = await syncConnection(
      env,
      createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, process.stderr as never),
      connectionId,
      out,
    );
    process.exitCode = ok ? 0 : 1;
  });

program
  .command('schema')
  .description('Print the GraphQL schema (SDL), as committed in schema/schema.graphql.')
  .action(async () => {
    out(await printSchema());
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof InvalidArgumentError ? err.message : (err as Error).stack}\n`);
  process.exit(2);
});
