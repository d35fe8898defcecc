/** A V8 CPU profile as `Profiler.stop` (or `node --cpu-prof`) writes it. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSplit {
  totalMs: number;
  byCategory: Record<string, number>;
  topFunctions: { name: string; ms: number }[];
}

/** Which layer a function belongs to, from its script URL (self time is charged to the function that ran). */
export function categoryOf(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return 'V8/native (program)';
  if (/neo4j-driver/.test(url)) return 'neo4j-driver (Bolt, decoding)';
  if (/node_modules\/graphql\//.test(url)) return 'graphql-js execution';
  if (/node_modules\/type-graphql\//.test(url)) return 'type-graphql resolver layer';
  if (/node_modules\/@apollo\//.test(url)) return 'Apollo Server';
  if (/node_modules\/(pino|pino-http|sonic-boom|thread-stream)/.test(url)) return 'logging (pino)';
  if (/node_modules\/(express|router|body-parser|raw-body|cors|finalhandler|send|qs|iconv-lite|on-finished|type-is|content-type)/.test(url))
    return 'express, body parsing';
  if (/node_modules\/(@escape\.tech|graphql-query-complexity)/.test(url)) return 'query limits (armor, cost)';
  if (/node_modules\/(jose)/.test(url)) return 'JWT (jose)';
  if (/node_modules\/(graphql-scalars)/.test(url)) return 'graphql-scalars (DateTime)';
  if (/src\/graph\/convert/.test(url)) return 'ours: driver value → plain JS';
  if (/\/src\//.test(url)) return 'ours: repositories, resolvers';
  if (/node_modules\//.test(url)) return 'other packages';
  if (url === '' && /^(stringify|parse)$/.test(fn)) return 'JSON (native)';
  if (url.startsWith('node:') || url === '') return 'Node core (http, net, streams, native)';
  return 'other';
}

/** Splits a profile's self time by layer, and lists the heaviest functions. */
export function categorize(profile: CpuProfile, top = 15): ProfileSplit {
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byCategory: Record<string, number> = {};
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const cat = categoryOf(url, functionName);
    byCategory[cat] = (byCategory[cat] ?? 0) + us / 1000;
    const name = `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/')}:${lineNumber + 1} [${cat}]`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us / 1000);
  }
  const topFunctions = [...byFunction]
    .filter(([n]) => !/\[idle\]/.test(n))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms }));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, byCategory, topFunctions };
}

/** A sampling heap profile as `HeapProfiler.stopSampling` returns it. */
export interface SamplingHeapProfile {
  head: HeapNode;
}
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes allocated by layer (as `categoryOf` names them) and the functions that allocate most. */
export function allocations(
  profile: SamplingHeapProfile,
  top = 15,
): { byCategory: Record<string, number>; topFunctions: { name: string; bytes: number }[] } {
  const byCategory: Record<string, number> = {};
  const byFunction = new Map<string, number>();
  const visit = (node: HeapNode) => {
    const { url, functionName, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      const cat = categoryOf(url, functionName);
      byCategory[cat] = (byCategory[cat] ?? 0) + node.selfSize;
      const name = `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/')}:${lineNumber + 1} [${cat}]`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    }
    for (const c of node.children) visit(c);
  };
  visit(profile.head);
  const topFunctions = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytes }));
  return { byCategory, topFunctions };
}
