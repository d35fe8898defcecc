import { execFile } from 'node:child_process';
import path from 'node:path';

export interface LoadResult {
  rps: number;
  p99: number;
  p50: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** POSTs one GraphQL query with autocannon from a child process: `connections` at once for `seconds`. */
export function loadTest(url: string, body: unknown, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadResult> {
  const opts = { url, method: 'POST', connections, duration: seconds, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'load-child.ts'), JSON.stringify(opts)], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout) as LoadResult);
    });
  });
}
