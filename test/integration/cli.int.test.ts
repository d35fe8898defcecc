import { UNSEEN } from '../../src/graph/graph';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Runs `npm run cli -- …` as an operator would, with the server's environment. */
async function cli(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['-r', '@swc-node/register', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...h.rawEnv, LOG_LEVEL: 'warn', ...extra },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the operators’ CLI', () => {
  it('mints a JWT the API accepts for that tenant, and refuses a bad lifetime', async () => {
    const tenant = newTenant();
    const { code, stdout } = await cli(['token', '--tenant', tenant, '--ttl', '5m']);
    expect(code).toBe(0);
    const jwt = stdout.trim();
    const res = await h.gql(`{ tenantDomains { source } connections { id: connectionId } }`, {}, { header: `Bearer ${jwt}` });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ tenantDomains: { source: 'NONE' }, connections: [] });
    const bad = await cli(['token', '--tenant', tenant, '--ttl', 'forever']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ttl "forever" is not a duration/);
    const unconfigured = await cli(['token', '--tenant', tenant], { AUTH_JWT_SECRET: 'short' });
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toMatch(/AUTH_JWT_SECRET: must be at least 32 characters/);
  });

  it("mints a viewer's JWT with --role viewer, which reads but may not write; an unknown role or no secret is refused", async () => {
    const tenant = newTenant();
    const { code, stdout } = await cli(['token', '--tenant', tenant, '--role', 'viewer', '--sub', 'ops@example.test']);
    expect(code).toBe(0);
    const header = `Bearer ${stdout.trim()}`;
    expect((await h.gql(`{ connections { id: connectionId } }`, {}, { header })).data).toEqual({ connections: [] });
    const write = await h.gql(`mutation { setTenantDomains(domains: ["cli.example.test"]) { source } }`, {}, { header });
    expect(write.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    const bad = await cli(['token', '--tenant', tenant, '--role', 'owner']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--role "owner" is neither admin nor viewer/)]);
    const noSecret = await cli(['token', '--tenant', tenant], { AUTH_JWT_SECRET: '' });
    expect([noSecret.code, noSecret.stderr]).toEqual([2, expect.stringMatching(/AUTH_JWT_SECRET: needed to mint tokens/)]);
  });

  it('lists connections with status and last run, as a table and as JSON', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Listed', persons: 4 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const table = await cli(['connections', '--tenant', tenant]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TENANT\s+PROVIDER\s+STATUS\s+ACCESS\s+LAST RUN\s+FINISHED\s+USERS\s+REMOVED$/);
    expect(lines[1]).toMatch(new RegExp(`^${id}\\s+${tenant}\\s+notion\\s+CONNECTED\\s+FULL\\s+SUCCEEDED\\s+\\S+Z\\s+4\\s+0$`));
    const json = JSON.parse((await cli(['connections', '--tenant', tenant, '--json'])).stdout);
    expect(json).toEqual([
      {
        id,
        tenant,
        provider: 'notion',
        workspace: ws.id,
        status: 'CONNECTED',
        memberAccess: 'FULL',
        lastRun: expect.objectContaining({ status: 'SUCCEEDED', usersUpserted: 4 }),
      },
    ]);
  });

  it('syncs one connection now, printing progress and counts, and exits non-zero when the run fails', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'By hand', persons: 250, bots: 1 });
    const id = await connectWorkspace(h, tenant, ws.id);
    ws.members.push({
      id: 'abababab-0000-4000-8000-000000000001',
      type: 'person',
      name: 'Late',
      avatar_url: null,
      email: 'late@by-hand.example.com',
    });
    h.notion.injectFault({
      path: '/v1/users',
      workspaceId: ws.id,
      kind: 'status',
      status: 429,
      code: 'rate_limited',
      message: 'slow down',
      retryAfter: 1,
      times: 1,
    });
    const ok = await cli(['sync', id]);
    expect(ok.code).toBe(0);
    // Log lines go to stderr (the SDK's warning about the 429); no token ever does.
    for (const secret of [...h.notion.tokens(ws.id).accessTokens, ...h.notion.tokens(ws.id).refreshTokens])
      expect(ok.stdout + ok.stderr).not.toContain(secret);
    expect(ok.stdout).toMatch(/^Sync \S+ of workspace \S+ \(tenant tenant-\S+\) started$/m);
    expect(ok.stdout).toMatch(/rate limited by Notion: waiting 1 s/);
    expect(ok.stdout).toMatch(/^ {2}pages 3 {2}fetched 252 {2}written 1 {2}unchanged 250 {2}skipped 1$/m);
    expect(ok.stdout).toMatch(
      /^SUCCEEDED in [\d.]+ s: seen 252, users 251, written 1, joined 1, removed 0, bots 1, no email 0, invalid 0, rate-limit waits 1 \(1 s\)$/m,
    );
    const runs = await h.gql(
      `query($id: ID!) { syncRuns(connectionId: $id, first: 1) { edges { node { trigger status } } } }`,
      { id },
      { tenant },
    );
    expect(runs.data.syncRuns.edges[0].node).toEqual({ trigger: 'cli', status: 'SUCCEEDED' });

    h.notion.removeIntegration(ws.id);
    const failed = await cli(['sync', id]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED in/m);
    expect(failed.stdout).toMatch(/Error: Notion rejected the stored token/);
    const missing = await cli(['sync', 'no-such-connection']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/No connection no-such-connection/);
  });

  it('lists leases, owners, requests and due slots (what runs where), as a table and as JSON', async () => {
    const tenant = newTenant();
    const [leased, waiting] = [`leased-${tenant}`, `waiting-${tenant}`];
    // A run under way in another process, and a connection asked for, both of a provider this deployment lacks
    // (so this harness's own loop leaves them as they are).
    await h.app.graph.write(
      `UNWIND [$leased, $waiting] AS id
       CREATE (c:Connection {id: id, tenantId: $tenant, provider: 'absent', workspaceId: id, status: 'CONNECTED'})
       WITH c WHERE c.id = $leased
       SET c.leaseOwner = 'process-a', c.leaseRunId = 'run-a', c.leaseExpiresAt = datetime('2030-01-01T00:02:00Z'),
           c.dueAt = datetime('2030-01-01T06:00:00Z')`,
      { leased, waiting, tenant },
      UNSEEN,
    );
    await h.app.graph.write(
      "MATCH (c:Connection {id: $waiting}) SET c.requestedAt = datetime('2030-01-01T00:00:05Z'), c.requestTrigger = 'manual'",
      { waiting },
      UNSEEN,
    );
    const table = await cli(['leases', '--tenant', tenant]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CONNECTION\s+TENANT\s+PROVIDER\s+OWNER\s+RUN\s+LEASE EXPIRES\s+REQUESTED\s+DUE$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${leased}\\s+${tenant}\\s+absent\\s+process-a\\s+run-a\\s+2030-01-01T00:02:00Z\\s+-\\s+2030-01-01T06:00:00Z$`),
    );
    expect(lines[2]).toMatch(new RegExp(`^${waiting}\\s+${tenant}\\s+absent\\s+-\\s+-\\s+-\\s+2030-01-01T00:00:05Z\\s+-$`));
    expect(lines).toHaveLength(3);
    const json = JSON.parse((await cli(['leases', '--tenant', tenant, '--json'])).stdout);
    expect(json.map((r: { connectionId: string; owner: string | null }) => [r.connectionId, r.owner])).toEqual([
      [leased, 'process-a'],
      [waiting, null],
    ]);
    expect((await cli(['leases', '--tenant', newTenant()])).stdout).toMatch(/\(nothing leased, requested or scheduled\)/);
  });

  it('prints the committed schema', async () => {
    const { code, stdout } = await cli(['schema']);
    expect(code).toBe(0);
    const committed = readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8');
    expect(stdout).toBe(committed);
  });
});
