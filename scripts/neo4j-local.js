#!/usr/bin/env node
// Builds and runs a real Neo4j Community 5.26 (embedded, Bolt on 127.0.0.1) for `npm start` and the tests.
//   node scripts/neo4j-local.js start [--port 7687] [--data .data/neo4j]   runs in the foreground
//   node scripts/neo4j-local.js build                                     fetches Neo4j's jars and compiles
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROJECT = path.join(__dirname, 'neo4j-local');
const CLASS_FILE = path.join(PROJECT, 'target/classes/layer/Neo4jLocal.class');
const LIB = path.join(PROJECT, 'target/lib');
const SOURCES = [path.join(PROJECT, 'pom.xml'), path.join(PROJECT, 'src/main/java/layer/Neo4jLocal.java')];

const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

/** Installs Java/Maven if missing (Debian, root), then builds the launcher unless it is up to date. */
function ensureBuilt() {
  execFileSync('bash', [path.join(__dirname, 'ensure-java.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const built = Math.min(mtime(CLASS_FILE), fs.existsSync(LIB) ? mtime(LIB) : 0);
  if (built > 0 && SOURCES.every((s) => mtime(s) < built)) return;
  process.stderr.write('Building the local Neo4j launcher (first time: downloads Neo4j from Maven Central)…\n');
  execFileSync('mvn', ['-q', '-B', '-f', path.join(PROJECT, 'pom.xml'), 'package', '-DskipTests'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.utimesSync(LIB, new Date(), new Date());
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts Neo4j and resolves once Bolt accepts connections: { uri, port, pid, stop() }.
 * `heap` (JVM -Xmx) and `pagecacheMb` default to what the tests use; the benchmarks give it more.
 * The child exits when this process's end of its stdin closes, so an abandoned server never lingers.
 */
async function startNeo4j({ port, dataDir = path.join(ROOT, '.data/neo4j'), fresh = false, heap = '2g', pagecacheMb = 512 } = {}) {
  const boltPort = port || (await freePort());
  if (fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const cp = [path.join(PROJECT, 'target/classes'), path.join(LIB, '*')].join(path.delimiter);
  const child = spawn(
    'java',
    [
      '-Xms512m',
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      `-Dlayer.pagecacheMb=${pagecacheMb}`,
      '-cp',
      cp,
      'layer.Neo4jLocal',
      dataDir,
      String(boltPort),
      '--exit-on-stdin-close',
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('Neo4j did not start within 120 s')), 120_000);
    let ready = false;
    const fail = (err) => {
      if (ready) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${stderr}`));
    };
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (!ready && out.includes('NEO4J_READY')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => fail(new Error(`Neo4j exited with code ${code} before it was ready`)));
  });
  child.stdout.resume();
  return {
    uri: `bolt://127.0.0.1:${boltPort}`,
    port: boltPort,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

module.exports = { ensureBuilt, startNeo4j };

if (require.main === module) {
  const [cmd = 'start', ...rest] = process.argv.slice(2);
  const arg = (name, dflt) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : dflt;
  };
  ensureBuilt();
  if (cmd === 'start') {
    startNeo4j({ port: Number(arg('--port', 7687)), dataDir: path.resolve(ROOT, arg('--data', '.data/neo4j')) }).then(
      (db) => {
        process.stdout.write(`Neo4j is running: ${db.uri} (Ctrl-C stops it)\n`);
        const stop = () => db.stop().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
      (err) => {
        process.stderr.write(`${err.message}\n`);
        process.exit(1);
      },
    );
  }
}
