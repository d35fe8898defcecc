const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const neo4j = globalThis.__LAYER_NEO4J__;
  if (!neo4j) return;
  await neo4j.stop();
  fs.rmSync(neo4j.dataDir, { recursive: true, force: true });
};
