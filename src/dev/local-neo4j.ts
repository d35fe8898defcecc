import path from 'node:path';

/** scripts/neo4j-local.js, a plain JS launcher shared with the test setup. */
interface Launcher {
  ensureBuilt(): void;
  startNeo4j(opts: { port?: number; dataDir?: string }): Promise<{ uri: string; stop(): Promise<void> }>;
}

const ROOT = path.resolve(__dirname, '../..');

/** Builds (first time) and starts the project's local Neo4j on Bolt :7687 with its data under .data/neo4j. */
export async function startLocalNeo4j(): Promise<{ uri: string; stop(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const launcher = require(path.join(ROOT, 'scripts/neo4j-local.js')) as Launcher;
  launcher.ensureBuilt();
  return launcher.startNeo4j({ port: 7687, dataDir: path.join(ROOT, '.data/neo4j') });
}
