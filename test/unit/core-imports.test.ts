import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/** How often no-restricted-imports fires on `code` as if it were `file`: the project's own ESLint and config, on stdin. */
function ruleHits(file: string, code: string): number {
  let out: string;
  try {
    out = execFileSync(path.join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
      cwd: ROOT,
      input: code,
      encoding: 'utf8',
    });
  } catch (err) {
    out = (err as { stdout: string }).stdout; // eslint exits 1 when it reports errors
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string | null }[] }[];
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

/** The lint rule that keeps the core provider-neutral (run by `npm run lint` over the whole tree). */
describe('the core imports no connector', () => {
  // One ESLint process per file (each costs seconds): three forbidden imports in each, three reports expected.
  it.each([
    'src/sync/x.ts',
    'src/runs/x.ts',
    'src/services/x.ts',
    'src/graphql/resolvers/x.ts',
    'src/connections/x.ts',
    'src/identity/x.ts',
  ])('refuses a connector folder or the registry in %s', (file) => {
    const up = '../'.repeat(file.split('/').length - 2);
    const code = [
      `import { notion } from '${up}connectors/notion';`,
      `import { getBot } from '${up}connectors/notion/sync/get';`,
      `import { CONNECTORS } from '${up}connectors/registry';`,
      'export const x = [notion, getBot, CONNECTORS];',
      '',
    ].join('\n');
    expect(ruleHits(file, code)).toBe(3);
  });

  it('allows the contract and the Connectors lookup', () => {
    const code =
      "import type { Connector } from '../connectors/connector';\nimport type { Connectors } from '../connectors/connectors';\nexport type X = [Connector, Connectors];\n";
    expect(ruleHits('src/sync/x.ts', code)).toBe(0);
  });

  it('leaves the wiring free to import the registry', () => {
    expect(ruleHits('src/core.ts', "import { CONNECTORS } from './connectors/registry';\nexport const x = CONNECTORS;\n")).toBe(0);
  });
});

/** Every .ts file under a folder of src. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Attribute names of Google's and Entra's users: the core reads typed facts (ADR 0016), never these. */
const PROVIDER_ATTRIBUTE =
  /\.\s*(archived|suspended|isAdmin|orgUnitPath|lastLoginAt|lastLoginTime|primaryEmail|customerId|accountEnabled|userType|proxyAddresses|otherMails|userPrincipalName|signInActivity)\b/;

describe('the core names no provider attribute', () => {
  it.each(['src/identity', 'src/graphql', 'src/sync', 'src/runs'])('reads none in %s (as a property, in code or Cypher)', (dir) => {
    const hits = sources(dir).flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter((l) => PROVIDER_ATTRIBUTE.test(l.text)),
    );
    expect(hits).toEqual([]);
  });

  it('would see one', () => {
    expect(PROVIDER_ATTRIBUTE.test("WHEN d.archived THEN 'ARCHIVED'")).toBe(true);
    expect(PROVIDER_ATTRIBUTE.test('RETURN d {.isAdmin, .orgUnitPath}')).toBe(true);
    expect(PROVIDER_ATTRIBUTE.test('RETURN d {.admin, .department}')).toBe(false);
  });
});
