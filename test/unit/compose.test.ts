import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(__dirname, '../../docker-compose.yml'), 'utf8');

  it('fails with a message when a required secret is unset, instead of passing a blank', () => {
    for (const secret of ['NEO4J_PASSWORD', 'NOTION_CLIENT_ID', 'NOTION_CLIENT_SECRET', 'NOTION_REDIRECT_URI', 'TOKEN_ENCRYPTION_KEY', 'AUTH_JWT_SECRET']) {
      const uses = compose.match(new RegExp(`\\$\\{${secret}[^}]*\\}`, 'g')) ?? [];
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    }
  });

  it('runs the API and the sync worker as two services with their roles', () => {
    expect(compose).toMatch(/^ {2}api:\n(?: {4}.*\n)*? {6}SYNC_ROLE: api$/m);
    expect(compose).toMatch(/^ {2}worker:\n(?: {4}.*\n)*? {6}SYNC_ROLE: worker$/m);
  });
});
