// Starts the real local Neo4j once for the integration tier, unless NEO4J_URI points at one already.
// Also makes sure Debian's Chromium is there for the browser tests.
const path = require('node:path');
const { execFileSync } = require('node:child_process');

module.exports = async function globalSetup() {
  execFileSync('bash', [path.join(__dirname, '../../scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  if (process.env.NEO4J_URI) return;
  const { ensureBuilt, startNeo4j } = require(path.join(__dirname, '../../scripts/neo4j-local.js'));
  ensureBuilt();
  const dataDir = path.join(__dirname, '../../.data/neo4j-test-' + process.pid);
  const neo4j = await startNeo4j({ port: 0, dataDir, fresh: true });
  process.env.NEO4J_URI = neo4j.uri;
  globalThis.__LAYER_NEO4J__ = { ...neo4j, dataDir };
};
