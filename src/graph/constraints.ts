import type { Graph } from './graph';

/**
 * Uniqueness constraints (each backed by an index) and lookup indexes. Every node carries its tenantId;
 * keys are composite with it so two tenants can connect the same Notion workspace without sharing nodes.
 */
const statements = [
  'CREATE CONSTRAINT connection_id IF NOT EXISTS FOR (c:Connection) REQUIRE c.id IS UNIQUE',
  'CREATE CONSTRAINT credential_connection IF NOT EXISTS FOR (c:Credential) REQUIRE c.connectionId IS UNIQUE',
  'CREATE CONSTRAINT oauth_state_id IF NOT EXISTS FOR (s:OAuthState) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT sync_lease_connection IF NOT EXISTS FOR (l:SyncLease) REQUIRE l.connectionId IS UNIQUE',
  'CREATE CONSTRAINT cron_firing_key IF NOT EXISTS FOR (f:CronFiring) REQUIRE f.key IS UNIQUE',
  'CREATE CONSTRAINT sync_run_id IF NOT EXISTS FOR (r:SyncRun) REQUIRE r.id IS UNIQUE',
  'CREATE CONSTRAINT saas_app_key IF NOT EXISTS FOR (a:SaaSApp) REQUIRE (a.tenantId, a.provider, a.id) IS UNIQUE',
  'CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE (u.tenantId, u.email) IS UNIQUE',
  'CREATE CONSTRAINT user_account_key IF NOT EXISTS FOR (a:UserAccount) REQUIRE (a.tenantId, a.id) IS UNIQUE',
  'CREATE CONSTRAINT tenant_id IF NOT EXISTS FOR (t:Tenant) REQUIRE t.id IS UNIQUE',
  'CREATE INDEX connection_tenant IF NOT EXISTS FOR (c:Connection) ON (c.tenantId)',
  'CREATE INDEX sync_run_connection IF NOT EXISTS FOR (r:SyncRun) ON (r.connectionId, r.startedAt)',
  'CREATE INDEX user_account_app IF NOT EXISTS FOR (a:UserAccount) ON (a.tenantId, a.appId)',
  'CREATE INDEX membership_change_app IF NOT EXISTS FOR (m:MembershipChange) ON (m.tenantId, m.appId, m.at)',
  'CREATE INDEX saas_app_tenant_name IF NOT EXISTS FOR (a:SaaSApp) ON (a.tenantId, a.name)',
  // Sync roles and the spread schedule (ADR 0012): workers poll open requests; firings are claimed per connection and window.
  'CREATE CONSTRAINT sync_request_id IF NOT EXISTS FOR (q:SyncRequest) REQUIRE q.id IS UNIQUE',
  'CREATE INDEX sync_request_state IF NOT EXISTS FOR (q:SyncRequest) ON (q.state)',
  'CREATE INDEX sync_request_answered IF NOT EXISTS FOR (q:SyncRequest) ON (q.answeredAt)',
  'CREATE INDEX cron_firing_created IF NOT EXISTS FOR (f:CronFiring) ON (f.createdAt)',
];

/** Creates every constraint and index if missing; safe to run at every start and from several replicas. */
export async function ensureConstraints(graph: Graph): Promise<void> {
  for (const statement of statements) await graph.write(statement);
  await graph.write('CALL db.awaitIndexes(60)');
}
