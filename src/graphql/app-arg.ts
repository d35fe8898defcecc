import type { AppRepository } from '../identity/app.repository';
import type { AppKey, AppRecord } from '../identity/identity.model';
import { AppError } from '../lib/errors';
import { decodeGlobalId, encodeGlobalId } from './global-id';

/**
 * The caller's app an app-id argument names, or null when the tenant has none (ADR 0020). A Workspace global id
 * carries the provider, so it names one app exactly. An old raw id (deprecated, ADR 0017) carries none: one app of
 * the tenant with it is that app; two apps of different providers sharing it is refused with AMBIGUOUS_APP_ID,
 * naming each one's global id, rather than answering about an app the client may not mean. A global id of
 * another type names nothing.
 */
export async function appOfArg(apps: Pick<AppRepository, 'get' | 'withId'>, tenantId: string, given: string): Promise<AppRecord | null> {
  const global = decodeGlobalId(given);
  if (global) {
    return global.type === 'Workspace' && global.key.length === 2 ? apps.get(tenantId, global.key[0], global.key[1]) : null;
  }
  const found = await apps.withId(tenantId, given);
  if (found.length <= 1) return found[0] ?? null;
  throw new AppError(
    'BAD_USER_INPUT',
    'AMBIGUOUS_APP_ID',
    `"${given}" is the id of ${found.length} of your apps (${found
      .map((a) => `${a.provider}: ${encodeGlobalId('Workspace', [a.provider, a.id])}`)
      .join(', ')}); pass the app's Workspace.id (its global id) instead.`,
  );
}

/** An app key no app has: an app filter naming an unknown app matches nobody (as it did before ADR 0020). */
const NO_APP: AppKey = { provider: '', id: '' };

/** The app a filter's app id (`workspaceId`, GraphQL and CSV export alike) names; null when none is given. */
export async function appFilterOf(
  apps: Pick<AppRepository, 'get' | 'withId'>,
  tenantId: string,
  given: string | null | undefined,
): Promise<AppKey | null> {
  if (!given) return null;
  const app = await appOfArg(apps, tenantId, given);
  return app ? { provider: app.provider, id: app.id } : NO_APP;
}
