import path from 'node:path';

interface LocalNeo4j {
  uri: string;
  port: number;
  stop(): Promise<void>;
}
interface Launcher {
  startNeo4j(opts: { port?: number; dataDir?: string; fresh?: boolean }): Promise<LocalNeo4j>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require(path.join(__dirname, '../../scripts/neo4j-local.js')) as Launcher;

/**
 * A Neo4j of this test's own (not the shared one), so the test can stop it and start it again on the same
 * port and data directory while the service under test keeps running.
 */
export async function ownNeo4j(name: string) {
  const dataDir = path.join(__dirname, `../../.data/neo4j-${name}-${process.pid}`);
  let db = await launcher.startNeo4j({ port: 0, dataDir, fresh: true });
  const port = db.port;
  return {
    uri: db.uri,
    stop: () => db.stop(),
    async restart() {
      db = await launcher.startNeo4j({ port, dataDir });
    },
    close: () => db.stop(),
  };
}
