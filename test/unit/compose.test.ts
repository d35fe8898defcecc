import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONNECTORS } from '../../src/connectors/registry';

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(__dirname, '../../docker-compose.yml'), 'utf8');
  const uses = (variable: string) => compose.match(new RegExp(`\\$\\{${variable}[^}]*\\}`, 'g')) ?? [];

  it('fails with a message when a required secret is unset, instead of passing a blank', () => {
    for (const secret of ['NEO4J_PASSWORD', 'TOKEN_ENCRYPTION_KEY']) {
      expect(uses(secret).length).toBeGreaterThan(0);
      for (const use of uses(secret)) expect(use).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    }
  });

  it('passes the optional groups (auth, every registered connector group) as explicit blanks that the service itself checks at start', () => {
    const groups = CONNECTORS.flatMap((m) => m.variables.group);
    expect(groups).toContain('NOTION_CLIENT_ID');
    for (const variable of ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', ...groups]) {
      expect(uses(variable)).toEqual([`\${${variable}:-}`]);
    }
  });

  it('runs the API and the sync worker as two services with their roles', () => {
    expect(compose).toMatch(/^ {2}api:\n(?: {4}.*\n)*? {6}SYNC_ROLE: api$/m);
    expect(compose).toMatch(/^ {2}worker:\n(?: {4}.*\n)*? {6}SYNC_ROLE: worker$/m);
  });
});
