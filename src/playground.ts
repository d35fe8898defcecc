import { gzipSync } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Request, Response } from 'express';

/** Example operations for the questions analysts ask first; they open as tabs. */
const EXAMPLES = [
  { title: 'Connections', query: '# The connection cards: status, what the grant allows, the last run\n{\n  connections {\n    id provider status statusReason memberAccess memberAccessMessage\n    workspace { id name memberCount }\n    lastSync { status startedAt finishedAt membersSeen usersUpserted botsSkipped noEmailSkipped membershipsRemoved error warning }\n  }\n}\n' },
  { title: 'Who is in this app', query: '# Members of each workspace, 50 at a time\n{\n  workspaces {\n    name memberCount\n    members(first: 50) { totalCount edges { node { email accounts { name } } } pageInfo { hasNextPage endCursor } }\n  }\n}\n' },
  { title: 'Which apps has this person', query: '{\n  user(email: "person1@acme-corp.example.com") {\n    email\n    accounts { provider externalId name avatarUrl firstSeen lastSeen workspace { name } }\n  }\n}\n' },
  { title: 'People by domain', query: '{\n  users(first: 20, filter: { emailDomain: "acme-corp.example.com" }) {\n    totalCount\n    edges { cursor node { email accounts { name workspace { name } } } }\n    pageInfo { hasNextPage endCursor }\n  }\n}\n' },
];

/**
 * GraphiQL from the npm package, no CDN: rendered and compressed once at start (the page is ~9 MB).
 * `headers` pre-fills the header editor (the demo's JWT); in production the analyst pastes theirs.
 */
export function playgroundHandler(headers?: Record<string, string>) {
  const html = renderGraphiQL({
    endpoint: '/graphql',
    title: 'Layer identity graph',
    defaultTabs: EXAMPLES.map(({ query }) => ({ query, headers: headers ? JSON.stringify(headers, null, 2) : undefined })),
    headers: JSON.stringify(headers ?? { Authorization: 'Bearer <paste your JWT>' }, null, 2),
    shouldPersistHeaders: false,
  });
  const gzipped = gzipSync(html);
  return (req: Request, res: Response) => {
    res.type('html').setHeader('vary', 'accept-encoding');
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) res.setHeader('content-encoding', 'gzip').send(gzipped);
    else res.send(html);
  };
}
