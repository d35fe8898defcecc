import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';
import { MAX_PAGE_SIZE } from './cursor';

/**
 * The most items a list field without `first` can return, for the cost limit (ADR 0006). Declared beside the
 * field where the data model bounds it; a list that declares nothing is costed as a full page (MAX_PAGE_SIZE).
 */
export const MaxItems = (n: number): MethodDecorator & PropertyDecorator => Extensions({ maxItems: n });

/** The declared maximum of a list field, or a full page. */
export function listMaxItems(field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.maxItems;
  return typeof declared === 'number' ? declared : MAX_PAGE_SIZE;
}

/**
 * A person's accounts: one per app they are or were in. Assumed at most this many (two connectors today, a few
 * workspaces each); raise it as connectors are added, keeping GraphiQL's examples within the limit (cost.test.ts).
 */
export const MAX_ACCOUNTS_PER_PERSON = 10;
/** The primary address and a directory's aliases (Google allows 30 per user). */
export const MAX_EMAILS_PER_PERSON = 31;
/** A directory lists at most 200 (src/tenants/directory-domains.ts); setTenantDomains takes at most 50. */
export const MAX_TENANT_DOMAINS = 200;
/** `workspaces` lists a tenant's Notion workspaces, unpaged: assumed at most this many (`apps` pages through any number). */
export const MAX_WORKSPACES = 20;
/**
 * `inactiveAccounts.appsWithoutActivity`: the apps whose source gives no activity (Notion, Slack, GitHub …), read
 * with this LIMIT (src/identity/access.repository.ts), so the bound holds.
 */
export const MAX_APPS_WITHOUT_ACTIVITY = 20;
