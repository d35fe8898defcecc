// Starts the real local Neo4j once for the integration tier, unless NEO4J_URI points at one already.
const path = require('node:path');

module.exports = async function globalSetup() {
  if (process.env.NEO4J_URI) return;
  const { ensureBuilt, startNeo4j } = require(path.join(__dirname, '../../scripts/neo4j-local.js'));
  ensureBuilt();
  const dataDir = path.join(__dirname, '../../.data/neo4j-test-' + process.pid);
  const neo4j = await startNeo4j({ port: 0, dataDir, fresh: true });
  process.env.NEO4J_URI = neo4j.uri;
  globalThis.__LAYER_NEO4J__ = { ...neo4j, dataDir };
};
