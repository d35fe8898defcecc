import type { RemoteApp } from '../connectors/connector';
import type { Graph } from '../graph/graph';
import { type AppRef, label, ownAttributes } from './app-ref';

/** Upserts the app as a SaaS-app node (with its provider's label and attributes) and links the connection that syncs it. */
export async function loadApp(graph: Graph, ref: AppRef, connectionId: string, app: RemoteApp): Promise<void> {
  await graph.write(
    `MERGE (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
     ON CREATE SET w:${label(ref.labels.app)}, w.firstSeen = datetime()
     SET w += $attributes, w.directory = $directory
     SET w.name = coalesce($app.name, w.name), w.iconUrl = coalesce($app.iconUrl, w.iconUrl), w.lastUpdated = datetime()
     WITH w
     MATCH (c:Connection {id: $connectionId})
     MERGE (c)-[:SYNCS]->(w)`,
    {
      tenantId: ref.tenantId,
      provider: ref.provider,
      appId: ref.appId,
      connectionId,
      app,
      attributes: ownAttributes(app.attributes),
      directory: ref.directory ?? false,
    },
    { tenantId: ref.tenantId },
  );
}

/**
 * Records a successful run on the app and its connection. After a complete enumeration the first one
 * becomes the baseline: joins before it are the initial import, not joiners.
 */
export async function markSynced(graph: Graph, ref: AppRef, connectionId: string, complete: boolean): Promise<void> {
  await graph.write(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
     MATCH (c:Connection {id: $connectionId})
     SET w.lastSuccessfulSyncAt = datetime(), c.lastSuccessfulSyncAt = w.lastSuccessfulSyncAt
     FOREACH (_ IN CASE WHEN $complete AND w.baselineAt IS NULL THEN [1] ELSE [] END | SET w.baselineAt = datetime())`,
    { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId, connectionId, complete },
    { tenantId: ref.tenantId },
  );
}
