import { GitHubPagingError } from './github-errors';

/** An abortable sleep: rejects when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GitHubPagingError('The run was cancelled while waiting for GitHub.'));
    const stop = () => {
      clearTimeout(timer);
      reject(new GitHubPagingError('The run was cancelled while waiting for GitHub.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The `rel="next"` URL of a Link header, or null. */
export function nextLink(link: string | null | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return m[1];
  }
  return null;
}
