import { gzipSync } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Request, Response } from 'express';
import { isLoopback } from './lib/loopback';

/** What the examples point at: the demo fills these in; in production they are placeholders to edit. */
export interface ExampleHints {
  appId?: string;
  email?: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Example operations for the questions analysts ask first; they open as tabs, each with its variables. */
export function examples(hints: ExampleHints = {}) {
  const appId = hints.appId ?? '<a workspace id from the "Who is in this app" tab>';
  const email = hints.email ?? 'someone@your-company.com';
  const since = new Date(Date.now() - WEEK_MS).toISOString();
  return [
    {
      query: `# Who is in this app: every app with its members, 50 at a time (pass endCursor as after for more)
query WhoIsInThisApp {
  apps(first: 10) {
    edges { node { id name provider memberCount lastSuccessfulSyncAt
      members(first: 50) { totalCount edges { node { email name external } } pageInfo { hasNextPage endCursor } } } }
  }
}
`,
    },
    {
      query: `# Which apps has this person, including memberships that ended
query WhichAppsHasThisPerson($email: String!) {
  user(email: $email) {
    email name firstSeen external
    accounts(includeRemoved: true) { name provider firstSeen lastSeen removedAt current workspace { id name } }
  }
}
`,
      variables: JSON.stringify({ email }, null, 2),
    },
    {
      query: `# Who joined or left this app this week
query JoinersAndLeavers($appId: ID!, $since: DateTimeISO!) {
  membershipChanges(appId: $appId, since: $since, first: 100) {
    edges { node { kind at email name } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
      variables: JSON.stringify({ appId, since }, null, 2),
    },
    {
      query: `# External collaborators: people whose email domain is not the organisation's
query ExternalCollaborators {
  tenantDomains { domains source }
  users(first: 50, filter: { external: true }, orderBy: { field: EMAIL }) {
    totalCount
    edges { node { email name accounts { workspace { name } } } }
  }
}
`,
    },
    {
      query: `# Offboarding gaps: suspended, archived, deleted or unknown to the directory, still holding an account elsewhere; oldest first
query OffboardingGaps {
  offboardingGaps(first: 50) {
    totalCount
    edges { node { status since user { email emails employment { orgUnitPath lastLoginAt } } accounts { provider email workspace { name } } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      query: `# Privileged accounts: owners and admins in every app, people who no longer work here first
query PrivilegedAccounts {
  privilegedAccounts(first: 50) {
    totalCount
    edges { node { provider login name role mfaEnabled lastActiveAt app { name } person { email } employment { status since } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      query: `# Unmanaged accounts: accounts nobody in the directory can be matched to (no or hidden email)
query UnmanagedAccounts {
  unmanagedAccounts(first: 50) {
    totalCount
    edges { node { provider login name role reason firstSeen app { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      query: `# Inactive accounts: no sign-in or activity for 90 days, oldest first; apps that report no activity are named apart
query InactiveAccounts($days: Int!) {
  inactiveAccounts(days: $days, first: 50) {
    totalCount
    edges { node { provider login email lastActiveAt app { name } person { email employment { status } } } }
    appsWithoutActivity { name provider }
    pageInfo { hasNextPage endCursor }
  }
}
`,
      variables: JSON.stringify({ days: 90 }, null, 2),
    },
    {
      query: `# Stale connections: not CONNECTED, or no successful sync lately; with the last run and what to do
query StaleConnections {
  connections {
    id provider status statusReason stale lastSuccessfulSyncAt nextSyncAt memberAccess memberAccessMessage
    workspace { name memberCount }
    lastSync { status startedAt finishedAt membersSeen usersUpserted membershipsRemoved error warning }
  }
}
`,
    },
  ];
}

/** One GraphiQL page, rendered and compressed once. */
function page(headers: Record<string, string> | undefined, hints: ExampleHints | undefined) {
  const html = renderGraphiQL({
    endpoint: '/graphql',
    title: 'Layer identity graph',
    defaultTabs: examples(hints).map((tab) => ({ ...tab, headers: headers ? JSON.stringify(headers, null, 2) : undefined })),
    headers: JSON.stringify(headers ?? { Authorization: 'Bearer <paste your JWT>' }, null, 2),
    shouldPersistHeaders: false,
  });
  return { html, gzipped: gzipSync(html) };
}

/**
 * GraphiQL from the npm package, no CDN: rendered and compressed once at start (the page is ~9 MB).
 * `headers` pre-fills the header editor (the demo's JWT), only for a client on this machine (loopback); anyone
 * else, and everyone in production, gets the page that asks them to paste their own.
 */
export function playgroundHandler(headers?: Record<string, string>, hints?: ExampleHints) {
  const open = page(undefined, hints);
  const prefilled = headers ? page(headers, hints) : open;
  return (req: Request, res: Response) => {
    const { html, gzipped } = isLoopback(req.socket.remoteAddress) ? prefilled : open;
    res.type('html').setHeader('vary', 'accept-encoding').setHeader('cache-control', 'no-store');
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) res.setHeader('content-encoding', 'gzip').send(gzipped);
    else res.send(html);
  };
}
