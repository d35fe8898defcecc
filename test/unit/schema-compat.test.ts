import fs from 'node:fs';
import path from 'node:path';
import { checkCompatibility } from '../../scripts/schema-compat/compat';

const BEFORE = fs.readFileSync(path.join(__dirname, 'fixtures/schema-compat/before.graphql'), 'utf8');
const CHANGELOG = '# Schema changes\n\n## Unreleased\n';

const breaks = async (after: string, changelogAfter = CHANGELOG + '- something changed\n') =>
  (await checkCompatibility(BEFORE, after, CHANGELOG, changelogAfter)).unannounced.map((c) => c.path);

describe('the schema compatibility gate (@graphql-inspector/core)', () => {
  it('fails on a removed field, a removed argument, a new required argument and a type change that breaks a query', async () => {
    expect(await breaks(BEFORE.replace('  name: String\n}\n\ntype Workspace', '}\n\ntype Workspace'))).toEqual(['User.name']);
    expect(await breaks(BEFORE.replace('users(first: Int, filter: String)', 'users(first: Int)'))).toEqual(['Query.users.filter']);
    expect(await breaks(BEFORE.replace('users(first: Int, filter: String)', 'users(first: Int, filter: String, tenant: ID!)'))).toEqual([
      'Query.users.tenant',
    ]);
    expect(await breaks(BEFORE.replace('email: String!', 'email: Int!'))).toEqual(['User.email']);
  });

  it('passes on an added field, an added optional argument and a deprecation', async () => {
    const after = BEFORE.replace('  name: String\n}\n\ntype Workspace', '  name: String\n  firstSeen: String\n}\n\ntype Workspace')
      .replace('users(first: Int, filter: String)', 'users(first: Int, filter: String, after: String)')
      .replace('workspaces: [Workspace!]!', 'workspaces: [Workspace!]! @deprecated(reason: "Use apps.")');
    const report = await checkCompatibility(BEFORE, after, CHANGELOG, CHANGELOG + '- Added `User.firstSeen`.\n');
    expect(report.changes.map((c) => c.path)).toEqual(
      expect.arrayContaining(['User.firstSeen', 'Query.users.after', 'Query.workspaces.@deprecated']),
    );
    expect(report.unannounced).toEqual([]);
    expect(report.changelogMissing).toBe(false);
  });

  it('lets a deliberate break through only when a new changelog line announces its coordinate', async () => {
    const after = BEFORE.replace('  workspaces: [Workspace!]!\n', '');
    expect(await breaks(after, CHANGELOG + '- BREAKING: `Query.workspaces` is removed; use `apps`.\n')).toEqual([]);
    expect(await breaks(after, CHANGELOG + '- BREAKING: `Query.users` changed.\n')).toEqual(['Query.workspaces']);
    // An announcement already on main does not cover a new break of the same field.
    const old = CHANGELOG + '- BREAKING: `Query.workspaces` is removed.\n';
    expect((await checkCompatibility(BEFORE, after, old, old + '- other\n')).unannounced.map((c) => c.path)).toEqual(['Query.workspaces']);
  });

  it('asks for a changelog entry for any change, breaking or not', async () => {
    const after = BEFORE.replace('  name: String\n}\n\ntype Workspace', '  name: String\n  firstSeen: String\n}\n\ntype Workspace');
    expect((await checkCompatibility(BEFORE, after, CHANGELOG, CHANGELOG)).changelogMissing).toBe(true);
    expect((await checkCompatibility(BEFORE, BEFORE, CHANGELOG, CHANGELOG)).changelogMissing).toBe(false);
  });
});
