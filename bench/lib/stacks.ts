/**
 * Stack traces formatted by V8, as in production (`node dist/main.js` has no source-map support). The benches run
 * TypeScript through @swc-node/register, whose source-map support formats every stack; neo4j-driver reads a stack
 * for every Result, which cost ~0.4 ms per page here and which no production server pays. Called once a process
 * has loaded what it runs.
 */
export function nativeStacks(): void {
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
}
