import type { EntraSandbox } from '../../src/dev/entra-standin';
import type { Harness } from './harness';
import { ENTRA_REDIRECT } from './entra';

/** Starts a Connect for Microsoft Entra ID: the authorization URL and the state. */
export async function startEntraConnect(h: Harness, tenant: string): Promise<{ authorizationUrl: string; state: string }> {
  const started = await h.gql(`mutation { connect(provider: MICROSOFT_ENTRA_ID) { authorizationUrl state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  return started.data.connect;
}

/** Completes a Connect with the code the stand-in's consent gave; answers the raw result (errors included). */
export const completeEntra = (h: Harness, tenant: string, code: string, state: string) =>
  h.gql(
    `mutation($code: String!, $state: String!) { completeOAuth(code: $code, state: $state) { id status workspaceId } }`,
    { code, state },
    { tenant },
  );

/** What an Entra admin does: Connect, accept on behalf of the organisation, complete; waits for the first sync. */
export async function connectEntra(h: Harness, entra: EntraSandbox, tenant: string, tenantId: string, admin = true): Promise<string> {
  const { state } = await startEntraConnect(h, tenant);
  const code = entra.authorize({ tenantId, admin, redirectUri: ENTRA_REDIRECT });
  const done = await completeEntra(h, tenant, code, state);
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  await h.app.sync.idle();
  return done.data.completeOAuth.id as string;
}
