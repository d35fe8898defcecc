import { transformMembers as transform } from '../../src/connectors/notion/sync/transform';
import { toAccountBatch } from '../../src/identity/account-rows';

/** The connector's transform, then the core's normalisation and digest: what the write path receives. */
const transformMembers = (results: unknown[]) => toAccountBatch(transform(results), results.length);

const person = (id: string, email: unknown, extra: Record<string, unknown> = {}) => ({
  object: 'user',
  id,
  type: 'person',
  name: `Name ${id}`,
  avatar_url: `https://s3.example.com/${id}.png`,
  person: email === undefined ? {} : { email },
  ...extra,
});

describe('transformMembers', () => {
  it('turns a realistic /v1/users page into person rows and counts what it skipped', () => {
    const page = [
      person('u1', 'Ada@Example.com'),
      { object: 'user', id: 'b1', type: 'bot', name: 'Zapier', avatar_url: null, bot: {} },
      person('u2', undefined),
      person('u3', ' bob@example.com ', { avatar_url: 'data:image/png;base64,AAAA' }),
      person('u4', 'not-an-email'),
      { object: 'user', type: 'person' },
      person('u5', 'eve@example.com', { name: null, avatar_url: null }),
    ];
    expect(transformMembers(page)).toEqual({
      rows: [
        {
          externalId: 'u1',
          name: 'Name u1',
          email: 'ada@example.com',
          emailRaw: 'Ada@Example.com',
          avatarUrl: 'https://s3.example.com/u1.png',
          attributes: {},
          aliases: [],
          directory: null,
          account: { role: 'UNKNOWN', mfaEnabled: null, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
        {
          externalId: 'u3',
          name: 'Name u3',
          email: 'bob@example.com',
          emailRaw: ' bob@example.com ',
          avatarUrl: null,
          attributes: {},
          aliases: [],
          directory: null,
          account: { role: 'UNKNOWN', mfaEnabled: null, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
        {
          externalId: 'u5',
          name: null,
          email: 'eve@example.com',
          emailRaw: 'eve@example.com',
          avatarUrl: null,
          attributes: {},
          aliases: [],
          directory: null,
          account: { role: 'UNKNOWN', mfaEnabled: null, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
      ],
      seen: 7,
      persons: 5,
      botsSkipped: 1,
      noEmailSkipped: 1,
      invalidSkipped: 2,
      removed: [],
    });
  });

  it('truncates very long names and survives wrong types without throwing', () => {
    const long = 'x'.repeat(5000);
    const out = transformMembers([person('u1', 'a@b.co', { name: long }), person('u2', 42), null, 'garbage', { id: 7 }]);
    expect(out.rows).toEqual([
      {
        externalId: 'u1',
        name: 'x'.repeat(512),
        email: 'a@b.co',
        emailRaw: 'a@b.co',
        avatarUrl: 'https://s3.example.com/u1.png',
        attributes: {},
        aliases: [],
        directory: null,
        account: { role: 'UNKNOWN', mfaEnabled: null, lastActiveAt: null, login: null },
        unmanaged: null,
        hash: expect.any(String),
      },
    ]);
    expect(out).toMatchObject({ seen: 5, persons: 2, noEmailSkipped: 1, invalidSkipped: 3 });
  });

  it('gives a member the same digest while its stored fields stay the same, and another when one changes', () => {
    const person = (name: string, avatar: string | null) => ({
      object: 'user',
      id: 'u1',
      type: 'person',
      name,
      avatar_url: avatar,
      person: { email: 'a@b.co' },
    });
    const [a] = transformMembers([person('Ann', null)]).rows;
    const [same] = transformMembers([{ ...person('Ann', null), extra: 'ignored' }]).rows;
    const [renamed] = transformMembers([person('Anne', null)]).rows;
    const [avatar] = transformMembers([person('Ann', 'https://x.example.com/a.png')]).rows;
    expect(same.hash).toBe(a.hash);
    expect(new Set([a.hash, renamed.hash, avatar.hash]).size).toBe(3);
  });
});
