import { Client } from '@notionhq/client';
import { getMembersPage } from '../src/connectors/notion/sync/get';
import { transformMembers } from '../src/connectors/notion/sync/transform';
import { type Graph, UNSEEN } from '../src/graph/graph';
import { accountBatches } from '../src/runs/paging';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './lib/services';
import type { Standin } from './lib/standin';
import { seconds } from './lib/stats';

/**
 * What a quick implementation does: page through Notion, then write each member in its own transaction with
 * MERGE (workspace, account, user, both edges). Constraint-backed MERGE (the same constraints as ours), same
 * stand-in, same transform, same database. Returns members per second.
 */
export const BASELINE_CYPHER = `MERGE (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
 MERGE (a:UserAccount {tenantId: $tenantId, id: $appId + ':' + $row.externalId})
 SET a:NotionUser, a.provider = 'notion', a.appId = $appId, a.externalId = $row.externalId, a.name = $row.name, a.email = $row.email,
     a.emailRaw = $row.emailRaw, a.avatarUrl = $row.avatarUrl, a.hash = $row.hash
 MERGE (a)-[:MEMBER_OF]->(w)
 MERGE (u:User {tenantId: $tenantId, email: $row.email})
 MERGE (u)-[:HAS_ACCOUNT]->(a)`;

export async function baselineSync(graph: Graph, notion: Standin, n: number): Promise<{ seconds: number; rate: number }> {
  const ws = await notion.seedWorkspace({ name: `baseline ${n}`, persons: n });
  const code = await notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
  const token = (await fetch(`${notion.url}/v1/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    },
    body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
  }).then((r) => r.json())) as { access_token: string };
  const client = new Client({ auth: token.access_token, baseUrl: notion.url });
  const tenantId = `baseline-${ws.id}`;
  const t = performance.now();
  let written = 0;
  const listing = {
    kind: 'complete' as const,
    page: (cursor: string | null) => getMembersPage(client, cursor),
    transform: transformMembers,
  };
  for await (const batch of accountBatches(
    listing,
    100,
    { maxPages: 10_000, deadline: Date.now() + 3_600_000, maxEmptyPages: 10 },
    'Notion',
  )) {
    for (const row of batch.rows) {
      await graph.write(BASELINE_CYPHER, { tenantId, appId: ws.id, row }, UNSEEN);
      written++;
    }
  }
  const s = seconds(t);
  if (written !== n) throw new Error(`baseline wrote ${written} of ${n}`);
  return { seconds: s, rate: n / s };
}
