import { execFile } from 'node:child_process';
import path from 'node:path';
import { REDIRECT_URI } from './lib/services';
import type { Standin } from './lib/standin';

/** Figure 5: peak RSS growth of a fresh server process over its settled baseline while it first-syncs `n` members. */
export async function memoryGrowth(
  dbUri: string,
  notion: Standin,
  n: number,
): Promise<{ growthMb: number; baselineMb: number; peakMb: number }> {
  const ws = await notion.seedWorkspace({ name: `memory ${n}`, persons: n });
  const code = await notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
  const args = JSON.stringify({ dbUri, notionUrl: notion.url, tenant: `memory-${ws.id}`, code });
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--expose-gc', '-r', '@swc-node/register', path.join(__dirname, 'memory-child.ts'), args],
      { maxBuffer: 1 << 20 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  const r = JSON.parse(out) as { baselineMb: number; peakMb: number; members: number; status: string };
  if (r.status !== 'SUCCEEDED' || r.members !== n) throw new Error(`memory run: ${r.status}, ${r.members} of ${n}`);
  return { growthMb: r.peakMb - r.baselineMb, baselineMb: r.baselineMb, peakMb: r.peakMb };
}
