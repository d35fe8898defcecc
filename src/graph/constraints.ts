import { type Graph, UNSEEN } from './graph';

/**
 * Uniqueness constraints (each backed by an index) and lookup indexes. Every node carries its tenantId;
 * keys are composite with it so two tenants can connect the same workspace without sharing nodes. An account's
 * key carries its provider (`provider:app:external`), so two providers' ids never collide (ADR 0013).
 */
const statements = [
  'CREATE CONSTRAINT connection_id IF NOT EXISTS FOR (c:Connection) REQUIRE c.id IS UNIQUE',
  'CREATE CONSTRAINT credential_connection IF NOT EXISTS FOR (c:Credential) REQUIRE c.connectionId IS UNIQUE',
  'CREATE CONSTRAINT oauth_state_id IF NOT EXISTS FOR (s:OAuthState) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT sync_run_id IF NOT EXISTS FOR (r:SyncRun) REQUIRE r.id IS UNIQUE',
  'CREATE CONSTRAINT saas_app_key IF NOT EXISTS FOR (a:SaaSApp) REQUIRE (a.tenantId, a.provider, a.id) IS UNIQUE',
  'CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE (u.tenantId, u.email) IS UNIQUE',
  'CREATE CONSTRAINT user_account_key IF NOT EXISTS FOR (a:UserAccount) REQUIRE (a.tenantId, a.id) IS UNIQUE',
  'CREATE CONSTRAINT tenant_id IF NOT EXISTS FOR (t:Tenant) REQUIRE t.id IS UNIQUE',
  'CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE',
  'CREATE CONSTRAINT email_alias_address IF NOT EXISTS FOR (e:EmailAlias) REQUIRE (e.tenantId, e.address) IS UNIQUE',
  'CREATE INDEX connection_tenant IF NOT EXISTS FOR (c:Connection) ON (c.tenantId)',
  'CREATE INDEX sync_run_connection IF NOT EXISTS FOR (r:SyncRun) ON (r.connectionId, r.startedAt)',
  'CREATE INDEX user_account_provider_app IF NOT EXISTS FOR (a:UserAccount) ON (a.tenantId, a.provider, a.appId)',
  'CREATE INDEX membership_change_app IF NOT EXISTS FOR (m:MembershipChange) ON (m.tenantId, m.appId, m.at)',
  // node(id:) of a MembershipChange (ADR 0017).
  'CREATE INDEX membership_change_id IF NOT EXISTS FOR (m:MembershipChange) ON (m.tenantId, m.id)',
  'CREATE INDEX saas_app_tenant_name IF NOT EXISTS FOR (a:SaaSApp) ON (a.tenantId, a.name)',
  // A tenant's trail newest first (auditEvents), and every tenant's old events (the daily prune).
  'CREATE INDEX audit_event_tenant_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.tenantId, e.at)',
  'CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)',
  // A tenant's current (or former-only) people in email order: list pages stop after a page, counts never touch a node.
  'CREATE INDEX user_current_email IF NOT EXISTS FOR (u:User) ON (u.tenantId, u.current, u.email)',
  'CREATE INDEX user_employment IF NOT EXISTS FOR (u:User) ON (u.tenantId, u.employmentStatus)',
  // The sync's queue on the Connection (ADR 0015): a claim seeks what is requested and what is due.
  'CREATE INDEX connection_requested IF NOT EXISTS FOR (c:Connection) ON (c.requestedAt)',
  'CREATE INDEX connection_due IF NOT EXISTS FOR (c:Connection) ON (c.dueAt)',
];

/** Indexes of an older model, replaced by the ones above. */
const retired = [
  'DROP INDEX user_account_app IF EXISTS',
  // ADR 0015 replaced the request, lease and firing nodes.
  'DROP CONSTRAINT sync_lease_connection IF EXISTS',
  'DROP CONSTRAINT cron_firing_key IF EXISTS',
  'DROP CONSTRAINT sync_request_id IF EXISTS',
  'DROP INDEX sync_request_state IF EXISTS',
  'DROP INDEX sync_request_answered IF EXISTS',
  'DROP INDEX cron_firing_created IF EXISTS',
];

/** The names of the constraints and indexes above, as the database lists them. */
const expected = statements.map((s) => /^CREATE (?:CONSTRAINT|INDEX) (\w+)/.exec(s)![1]);

/** Creates every constraint and index if missing; safe to run at every start and from several replicas. */
export async function ensureConstraints(graph: Graph): Promise<void> {
  for (const statement of [...statements, ...retired]) await graph.write(statement, {}, UNSEEN);
  await graph.write('CALL db.awaitIndexes(60)', {}, UNSEEN);
}

/** The expected constraints and indexes the database does not have online (empty when all are): /readyz reads it. */
export async function missingConstraints(graph: Graph): Promise<string[]> {
  const rows = await graph.read<{ name: string }>("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name");
  const online = new Set(rows.map((r) => r.name));
  return expected.filter((name) => !online.has(name));
}
