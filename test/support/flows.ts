import type { Capability } from '../../src/dev/notion-standin';
import { GOOGLE_REDIRECT_URI, type Harness, REDIRECT_URI } from './harness';
import { SLACK_REDIRECT } from './slack';

/** A connection's fields; ids are the raw ones (aliased as `id`), which Cypher in tests matches and every id argument still takes. */
export const CONNECTION_FIELDS = `id: connectionId provider status statusReason memberAccess memberAccessMessage workspaceId
  workspace { id: externalId name botId memberCount } lastSync { id: runId status error warning membersSeen usersUpserted botsSkipped noEmailSkipped membershipsRemoved }`;

/** Does what the frontend and a Notion admin do: Connect, approve in Notion, complete; then waits for the first sync. */
export async function connectWorkspace(h: Harness, tenant: string, workspaceId: string, capability: Capability = 'email') {
  const started = await h.gql(`mutation { connectNotion { authorizationUrl state expiresAt } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const { state } = started.data.connectNotion;
  const code = h.notion.authorize({ workspaceId, capability, redirectUri: REDIRECT_URI });
  const done = await h.gql(
    `mutation($code: String!, $state: String!) { completeNotionOAuth(code: $code, state: $state) { connectionId status } }`,
    { code, state },
    { tenant },
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  await h.app.sync.idle();
  return done.data.completeNotionOAuth.connectionId as string;
}

/** The connection as the API shows it. */
export async function getConnection(h: Harness, tenant: string, id: string) {
  const res = await h.gql(`query($id: ID!) { connection(id: $id) { ${CONNECTION_FIELDS} } }`, { id }, { tenant });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.connection;
}

/** Syncs now through the API and waits for the run to finish. */
export async function syncNow(h: Harness, tenant: string, id: string) {
  const res = await h.gql(`mutation($id: ID!) { syncConnection(connectionId: $id) { runId status } }`, { id }, { tenant });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await h.app.sync.idle();
  return getConnection(h, tenant, id);
}

/** The set of emails linked to a workspace in the graph, read back by Cypher. */
export async function memberEmails(h: Harness, tenant: string, workspaceId: string): Promise<string[]> {
  const rows = await h.cypher<{ email: string }>(
    `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF]->(w:SaaSApp {id: $workspaceId, tenantId: $tenant})
     RETURN u.email AS email ORDER BY email`,
    { tenant, workspaceId },
  );
  return rows.map((r) => r.email);
}

/** Does what a Google Workspace admin does: Connect, Allow on the stand-in's consent page, complete; waits for the first sync. */
export async function connectGoogle(h: Harness, tenant: string, customerId: string, admin = true) {
  const started = await h.gql(`mutation { connect(provider: GOOGLE_WORKSPACE) { authorizationUrl state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const { state } = started.data.connect;
  const code = h.google.authorize({ customerId, admin, redirectUri: GOOGLE_REDIRECT_URI });
  const done = await h.gql(
    `mutation($code: String!, $state: String!) { completeOAuth(code: $code, state: $state) { connectionId status } }`,
    { code, state },
    { tenant },
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  await h.app.sync.idle();
  return done.data.completeOAuth.connectionId as string;
}

/** Does what a Slack admin does: Connect, Allow on the stand-in's install page, complete; waits for the first sync. */
export async function connectSlack(h: Harness, tenant: string, teamId: string): Promise<string> {
  const started = await h.gql(`mutation { connect(provider: SLACK) { state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const code = h.slack.authorize({ teamId, redirectUri: SLACK_REDIRECT });
  const done = await h.gql(
    `mutation($code: String!, $state: String!) { completeOAuth(code: $code, state: $state) { connectionId } }`,
    { code, state: started.data.connect.state },
    { tenant },
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  await h.app.sync.idle();
  return done.data.completeOAuth.connectionId as string;
}
