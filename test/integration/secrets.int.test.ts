import { connectWorkspace, CONNECTION_FIELDS, syncNow } from '../support/flows';
import { CLIENT_ID, CLIENT_SECRET, type GqlResult, type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

let h: Harness;
/** Every body the API sent back during the test: GraphQL responses, errors, probes and metrics. */
const bodies: string[] = [];
beforeAll(async () => {
  h = await startHarness();
  const gql = h.gql.bind(h);
  h.gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: { tenant?: string; header?: string },
  ): Promise<GqlResult<T>> => {
    const res = await gql<T>(query, variables, auth);
    bodies.push(res.body);
    return res;
  };
});
afterAll(() => h.close());

const fetchBody = async (path: string) => {
  const body = await (await fetch(`${h.app.url}${path}`)).text();
  bodies.push(body);
  return body;
};

describe('secrets', () => {
  it('no token, code, client secret or key appears in any log line, response body, error, or readable graph property', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Secret scan', persons: 250 });
    const page2 = { path: '/v1/users', afterRequests: 1, workspaceId: ws.id } as const;
    const codes: string[] = [];
    const authorize = h.notion.authorize.bind(h.notion);
    h.notion.authorize = (opts) => {
      const code = authorize(opts);
      codes.push(code);
      return code;
    };

    // Connect and sync.
    const id = await connectWorkspace(h, tenant, ws.id);
    // A 401 mid-pagination: refresh, rotated pair stored, run completes.
    h.notion.injectFault({ ...page2, kind: 'status', status: 401, code: 'unauthorized', message: 'API token is invalid.', times: 1 });
    expect((await syncNow(h, tenant, id)).lastSync.status).toBe('SUCCEEDED');
    // A lasting 500: FAILED with a reason.
    h.notion.injectFault({ ...page2, kind: 'status', status: 500, code: 'internal_server_error', message: 'injected', times: 20 });
    expect((await syncNow(h, tenant, id)).lastSync.status).toBe('FAILED');
    h.notion.clearFaults();
    // The integration removed: refresh fails too, NEEDS_REAUTH.
    h.notion.removeIntegration(ws.id);
    expect((await syncNow(h, tenant, id)).status).toBe('NEEDS_REAUTH');
    // Reconnect (a fresh grant), a replayed state, a bogus code.
    const again = await h.gql(`mutation($id: ID!) { reconnectNotion(connectionId: $id) { state } }`, { id }, { tenant });
    const state = again.data.reconnectNotion.state as string;
    const code = h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
    const complete = `mutation($code: String!, $state: String!) { completeNotionOAuth(code: $code, state: $state) { ${CONNECTION_FIELDS} } }`;
    expect((await h.gql(complete, { code, state }, { tenant })).errors).toBeUndefined();
    await h.app.sync.idle();
    expect((await h.gql(complete, { code, state }, { tenant })).errors?.[0].extensions?.reason).toBe('OAUTH_STATE_INVALID');
    const fresh = await h.gql(`mutation { connectNotion { state } }`, {}, { tenant });
    const bogus = await h.gql(complete, { code: 'not-a-code', state: fresh.data.connectNotion.state }, { tenant });
    expect(bogus.errors?.[0].extensions?.reason).toBe('OAUTH_CODE_REJECTED');

    // Everything a client can read about the connection, its runs and the graph; probes and metrics.
    await h.gql(
      `query($id: ID!) { connections { ${CONNECTION_FIELDS} stale nextSyncAt lastSuccessfulSyncAt pendingShrink { runId } }
      syncRuns(connectionId: $id, first: 100) { edges { node { id: runId status error warning trigger } } }
      users(first: 5) { edges { node { email name accounts { id: accountId externalId workspace { id: externalId botId name } } } } } }`,
      { id },
      { tenant },
    );
    await h.gql(`{ __schema { types { name fields(includeDeprecated: true) { name } } } }`, {}, { tenant });
    await fetchBody('/healthz');
    await fetchBody('/readyz');
    await fetchBody('/metrics');
    // Disconnect: revoked at Notion, deleted here.
    await h.gql(`mutation($id: ID!) { disconnectNotion(connectionId: $id) { ${CONNECTION_FIELDS} } }`, { id }, { tenant });

    const { accessTokens, refreshTokens } = h.notion.tokens(ws.id);
    expect(accessTokens.length).toBeGreaterThanOrEqual(3); // connect, refresh, reconnect
    expect(refreshTokens.length).toBeGreaterThanOrEqual(3);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    const secrets = [
      ...accessTokens,
      ...refreshTokens,
      ...codes,
      code,
      CLIENT_SECRET,
      Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'),
      h.rawEnv.TOKEN_ENCRYPTION_KEY,
      h.rawEnv.AUTH_JWT_SECRET,
    ];
    const logs = h.logLines.join('\n');
    expect(h.logLines.length).toBeGreaterThan(20); // debug logging was on: there was plenty to leak into
    const responses = bodies.join('\n');
    const properties = JSON.stringify(
      await h.cypher('MATCH (n) WHERE n.tenantId = $tenant OR n:Credential RETURN properties(n) AS p', { tenant }),
    );
    for (const secret of secrets) {
      expect(logs.includes(secret) ? `log line holds ${secret.slice(0, 6)}…` : 'clean').toBe('clean');
      expect(responses.includes(secret) ? `a response holds ${secret.slice(0, 6)}…` : 'clean').toBe('clean');
      expect(properties.includes(secret) ? `the graph holds ${secret.slice(0, 6)}… in clear` : 'clean').toBe('clean');
    }
  }, 60_000);
});
