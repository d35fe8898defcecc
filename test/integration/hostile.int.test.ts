import type { SandboxMember } from '../../src/dev/notion-standin';
import { connectWorkspace, getConnection } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const id = (n: number) => `99999999-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** A member as Notion might (mis)send it: fields of the wrong type are passed through to the wire as they are. */
const member = (n: number, fields: Record<string, unknown>) =>
  ({ id: id(n), type: 'person', name: `M${n}`, avatar_url: null, ...fields }) as unknown as SandboxMember;

describe('hostile /v1/users payloads, over the wire', () => {
  it('keeps the good members, normalised and sanitised, and skips and counts each bad one without failing the run', async () => {
    const tenant = newTenant();
    const members = [
      member(1, { name: 'Zoë 😀 مرحبا', avatar_url: 'https://a.example.com/z.png', email: '  Zoe.Smith@Hostile.EXAMPLE.com ' }),
      member(2, { name: 'x'.repeat(10_000), email: 'long@hostile.example.com' }),
      member(3, { avatar_url: 'javascript:alert(1)', email: 'js@hostile.example.com' }),
      member(4, { avatar_url: 'data:image/png;base64,AAAA', email: 'data@hostile.example.com' }),
      member(5, { name: null, email: 'nameless@hostile.example.com' }),
      member(6, { email: 'not-an-email' }), // invalid
      member(7, { email: 'a b@hostile.example.com' }), // invalid: space inside
      member(8, { name: { first: 'Obj' }, email: 'obj@hostile.example.com' }), // invalid: name of the wrong type
      member(9, { id: undefined, email: 'noid@hostile.example.com' }), // invalid: no id
      member(10, { type: 'alien', email: 'alien@hostile.example.com' }), // invalid: unknown type
      member(11, { email: 42 }), // no usable email
      member(1, { email: 'twin@hostile.example.com' }), // the same id again: the first listing counts
      { id: id(12), type: 'bot' as const, name: 'Bot', avatar_url: null },
    ];
    const ws = h.notion.seedWorkspace({ name: 'Hostile', members });
    const cid = await connectWorkspace(h, tenant, ws.id);
    const c = await getConnection(h, tenant, cid);
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', membersSeen: 13, usersUpserted: 5, noEmailSkipped: 1, botsSkipped: 1 });
    const [run] = await h.cypher<{ invalid: number }>('MATCH (r:SyncRun {id: $id}) RETURN r.invalidSkipped AS invalid', {
      id: c.lastSync.id,
    });
    expect(run.invalid).toBe(5);

    const rows = await h.cypher<{ email: string; raw: string; name: string | null; avatar: string | null }>(
      `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(a:UserAccount {appId: $ws})
       RETURN u.email AS email, a.emailRaw AS raw, a.name AS name, a.avatarUrl AS avatar ORDER BY email`,
      { tenant, ws: ws.id },
    );
    expect(rows.map((r) => r.email)).toEqual([
      'data@hostile.example.com',
      'js@hostile.example.com',
      'long@hostile.example.com',
      'nameless@hostile.example.com',
      'zoe.smith@hostile.example.com',
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.email, r]));
    expect(by['zoe.smith@hostile.example.com']).toMatchObject({
      name: 'Zoë 😀 مرحبا',
      avatar: 'https://a.example.com/z.png',
      raw: '  Zoe.Smith@Hostile.EXAMPLE.com ',
    });
    expect(by['long@hostile.example.com'].name).toHaveLength(512);
    expect(by['js@hostile.example.com'].avatar).toBeNull();
    expect(by['data@hostile.example.com'].avatar).toBeNull();
    expect(by['nameless@hostile.example.com'].name).toBeNull();

    // The API serves them back intact.
    const res = await h.gql(`{ user(email: "ZOE.smith@hostile.example.com ") { email name accounts { avatarUrl } } }`, {}, { tenant });
    expect(res.data.user).toMatchObject({
      email: 'zoe.smith@hostile.example.com',
      name: 'Zoë 😀 مرحبا',
      accounts: [{ avatarUrl: 'https://a.example.com/z.png' }],
    });
  });
});
