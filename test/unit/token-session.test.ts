import type { Connector } from '../../src/connectors/connector';
import { notion } from '../../src/connectors/notion';
import { CredentialRepository, type Tokens } from '../../src/connections/credential.repository';
import { loadEnv } from '../../src/config/env';
import { type NotionSandbox, startNotionSandbox } from '../../src/dev/notion-standin';
import { AppError } from '../../src/lib/errors';
import { createLogger } from '../../src/lib/logger';
import { NeedsReauth, TokenSession } from '../../src/runs/token-session';
import { randomBytes } from 'node:crypto';

/**
 * Issue 19: a refresh that Notion granted but that could not be stored is the database's failure (a failed run
 * with a database reason), never the grant's (NEEDS_REAUTH). The connector is the real one, through
 * @notionhq/client against the stand-in; only the credential store is replaced by one whose writes fail the way a
 * Neo4j outage fails them.
 */
const creds = { clientId: 'cid', clientSecret: 'csecret-' + randomBytes(4).toString('hex') };
const REDIRECT = 'http://localhost/cb';
let sb: NotionSandbox;
let connector: Connector;
beforeAll(async () => {
  sb = await startNotionSandbox(creds);
  const env = loadEnv({
    NEO4J_URI: 'bolt://127.0.0.1:1',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_JWT_SECRET: randomBytes(32).toString('base64'),
    NOTION_CLIENT_ID: creds.clientId,
    NOTION_CLIENT_SECRET: creds.clientSecret,
    NOTION_REDIRECT_URI: REDIRECT,
    NOTION_API_BASE_URL: sb.url,
    NOTION_REQUESTS_PER_SECOND: '0',
  });
  connector = notion.create({ env, logger: createLogger('silent'), observe: () => undefined, onPacingWait: () => undefined })!;
});
afterAll(() => sb.close());

/** A store holding one connection's tokens whose writes fail (Neo4j went away), or succeed. */
class Store extends CredentialRepository {
  saves = 0;
  constructor(
    private tokens: Tokens,
    private readonly failWrites: boolean,
  ) {
    super(null as never, null as never);
  }
  override async load(): Promise<Tokens> {
    return this.tokens;
  }
  override async save(_id: string, tokens: Tokens): Promise<boolean> {
    this.saves++;
    if (this.failWrites) throw new AppError('UPSTREAM_UNAVAILABLE', 'NEO4J_UNAVAILABLE', 'The graph database is unavailable.');
    this.tokens = tokens;
    return true;
  }
}

async function expiredGrant() {
  const ws = sb.seedWorkspace({ name: 'Refresh', persons: 3 });
  const grant = await connector.oauth.exchangeCode(sb.authorize({ workspaceId: ws.id, redirectUri: REDIRECT }), REDIRECT);
  sb.expireAccessTokens(ws.id);
  return { ws, tokens: { accessToken: grant.accessToken, refreshToken: grant.refreshToken } };
}

describe('a token refresh whose tokens cannot be stored', () => {
  it('fails the step with a database reason (TOKEN_SAVE_FAILED), not NeedsReauth', async () => {
    const { ws, tokens } = await expiredGrant();
    const store = new Store(tokens, true);
    const session = new TokenSession(connector, store, 'c1', ws.id, new AbortController().signal);
    const err = await session.call((s) => s.app()).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(NeedsReauth);
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'TOKEN_SAVE_FAILED' });
    expect(store.saves).toBe(2); // tried once more before giving up
  });

  it('with the store working, the same refresh is stored and the step goes on', async () => {
    const { ws, tokens } = await expiredGrant();
    const store = new Store(tokens, false);
    const session = new TokenSession(connector, store, 'c1', ws.id, new AbortController().signal);
    expect(await session.call((s) => s.app())).toMatchObject({ id: ws.id });
    expect(store.saves).toBe(1);
  });
});
