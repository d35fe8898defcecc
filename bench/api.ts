import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { SignJWT } from 'jose';
import neo4j from 'neo4j-driver';
import type { App } from '../src/app';
import type { Env } from '../src/config/env';
import { loadTest, type LoadResult } from './lib/load';
import { connect } from './lib/services';
import type { Standin } from './lib/standin';

/** The same graph as @neo4j/graphql sees it: our labels, properties and relationship types. */
export const NEO4J_GRAPHQL_TYPEDEFS = /* GraphQL */ `
  type User @node(labels: ["User"]) {
    tenantId: String!
    email: String!
    firstSeen: DateTime
    accounts: [UserAccount!]! @relationship(type: "HAS_ACCOUNT", direction: OUT)
  }
  type UserAccount @node(labels: ["UserAccount"]) {
    tenantId: String!
    id: String!
    name: String
    email: String!
    avatarUrl: String
    externalId: String!
    workspace: [SaaSApp!]! @relationship(type: "MEMBER_OF", direction: OUT)
    owner: [User!]! @relationship(type: "HAS_ACCOUNT", direction: IN)
  }
  type SaaSApp @node(labels: ["SaaSApp"]) {
    tenantId: String!
    id: String!
    name: String
    provider: String!
    members: [UserAccount!]! @relationship(type: "MEMBER_OF", direction: IN)
  }
`;

const ACCOUNT_FIELDS = 'id name email workspace { id name }';

/** Our two queries and theirs, asking for the same fields. */
export function queries(tenantId: string, workspaceName: string) {
  return {
    ours: {
      users: {
        query: `{ users(first: 50) { edges { node { email accounts { ${ACCOUNT_FIELDS} } } } pageInfo { hasNextPage endCursor } } }`,
      },
      members: {
        query: `query($name: String!) { workspaces(filter: { nameContains: $name }) { name members(first: 50) { edges { node { email name } } pageInfo { hasNextPage endCursor } } } }`,
        variables: { name: workspaceName },
      },
    },
    theirs: {
      users: {
        query: `query($t: String!) { usersConnection(first: 50, where: { tenantId: { eq: $t } }, sort: [{ email: ASC }]) { edges { node { email accounts { id name email workspace { id name } } } } pageInfo { hasNextPage endCursor } } }`,
        variables: { t: tenantId },
      },
      members: {
        query: `query($t: String!, $name: String!) { saaSApps(where: { tenantId: { eq: $t }, name: { eq: $name } }) { name membersConnection(first: 50, sort: [{ node: { email: ASC } }]) { edges { node { email name } } pageInfo { hasNextPage endCursor } } } }`,
        variables: { t: tenantId, name: workspaceName },
      },
    },
  };
}

/** 100k users over 3 workspaces of one tenant, written by our own sync. */
export async function seedApiData(app: App, notion: Standin, total: number): Promise<{ tenantId: string; workspaceName: string }> {
  const tenantId = `api-bench-${Date.now()}`;
  const per = Math.ceil(total / 3);
  let first = '';
  for (let i = 0; i < 3; i++) {
    const name = `API Bench ${i} ${tenantId}`;
    first ||= name;
    const ws = await notion.seedWorkspace({ name, persons: per });
    await connect(app, notion, tenantId, ws.id);
    await app.sync.idle();
  }
  return { tenantId, workspaceName: first };
}

/** @neo4j/graphql on Apollo's standalone server over the same database. */
export async function startNeo4jGraphql(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'));
  const schema = await new Neo4jGraphQL({ typeDefs: NEO4J_GRAPHQL_TYPEDEFS, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return {
    url,
    async close() {
      await server.stop();
      await driver.close();
    },
  };
}

export interface ApiTargets {
  ours: { url: string; headers: Record<string, string> };
  theirs: { url: string; headers: Record<string, string> };
}

/** The bearer header of a tenant's HS256 token (`claim` names the tenant, AUTH_TENANT_CLAIM's default unless given). */
export async function bearerFor(secret: string, tenantId: string, claim = 'tenant_id'): Promise<Record<string, string>> {
  const token = await new SignJWT({ [claim]: tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
  return { authorization: `Bearer ${token}` };
}

export async function ourTarget(app: App, env: Env, tenantId: string) {
  return { url: `${app.url}/graphql`, headers: await bearerFor(env.AUTH_JWT_SECRET!, tenantId, env.AUTH_TENANT_CLAIM) };
}

/** One request; its `data`, failing loudly on HTTP or GraphQL errors. */
export async function queryData(url: string, headers: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: unknown; data?: Record<string, unknown> };
  if (!res.ok || json.errors || !json.data)
    throw new Error(`query failed at ${url}: ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json.data;
}

/** One request first, to fail loudly on a wrong query rather than measure errors: the answer's size. */
export async function checkQuery(url: string, headers: Record<string, string>, body: unknown): Promise<number> {
  return JSON.stringify(await queryData(url, headers, body)).length;
}

export function measure(url: string, headers: Record<string, string>, body: unknown, seconds: number): Promise<LoadResult> {
  return loadTest(url, body, headers, 16, seconds);
}
