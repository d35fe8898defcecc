import type { Connector, ConnectorDeps, ConnectorModule } from './connector';
import { Connectors } from './connectors';
import { github } from './github';
import { googleWorkspace } from './google-workspace';
import { microsoftEntraId } from './microsoft-entra-id';
import { notion } from './notion';
import { slack } from './slack';

/** Every connector this codebase has: adding one is a folder under src/connectors/ and a line here. */
export const CONNECTORS = [notion, googleWorkspace, microsoftEntraId, github, slack] as const satisfies readonly ConnectorModule[];

/** Builds the connectors whose variables are set; `deps` is bound to each provider (metrics labels). */
export function createConnectors(deps: (provider: string) => ConnectorDeps, redirectOrigins: readonly string[] = []): Connectors {
  return new Connectors(
    CONNECTORS.map((m) => m.create(deps(m.provider))).filter((c): c is Connector => c !== null),
    redirectOrigins,
  );
}
