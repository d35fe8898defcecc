import { normaliseEmail } from '../../identity/email';
import type { AccountBatch, AccountSource, PagingLimits, RemoteApp } from '../connector';
import type { EntraGraph, RunBounds } from './client';
import { fullPages, getDomains, getGlobalAdmins, getOrganization, guardedPages, type Organization, type ReadNotes } from './get';
import { transformUsers } from './transform';

/** The sentence a run records once when sign-in activity could not be read. */
export const NO_SIGN_IN_NOTE =
  'Sign-in activity could not be read (AuditLog.Read.All not granted, or no Microsoft Entra ID P1/P2 licence): last sign-in is left empty.';

/** The customer tenant as an app: keyed by its tenant id, named by its organisation's display name. */
export const tenantApp = (tenantId: string, org: Organization): RemoteApp => ({
  id: tenantId,
  name: org.displayName,
  iconUrl: null,
  attributes: { tenantId, defaultDomain: org.verifiedDomains?.[0] ?? null },
});

/** Reads `/organization` and describes the tenant as an app. */
export const describeTenant = async (g: EntraGraph, tenantId: string): Promise<RemoteApp> => tenantApp(tenantId, await getOrganization(g));

/** One connection's view of its customer tenant during a run (get → transform). */
export class EntraSource implements AccountSource {
  /** What this run learnt besides the users (sign-in activity readable or not). */
  readonly notes: ReadNotes = { signInActivity: true };

  constructor(
    private readonly graph: EntraGraph,
    private readonly tenantId: string,
    private readonly bounds: RunBounds,
  ) {}

  /** The organisation read once per run: it names the app and lists the verified domains. */
  private org: Promise<Organization> | null = null;

  async app(): Promise<RemoteApp> {
    this.org = getOrganization(this.graph);
    return tenantApp(this.tenantId, await this.org);
  }

  /** Global Administrators first (for `isAdmin`), then every user, in batches of about `batchSize`; a failure halfway throws. */
  async *accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch> {
    this.bounds.deadline = Math.min(this.bounds.deadline, limits.deadline);
    this.bounds.signal = this.bounds.signal ?? limits.signal;
    const admins = await getGlobalAdmins(this.graph, limits);
    let batch: unknown[] = [];
    for await (const page of guardedPages(fullPages(this.graph, this.notes), limits)) {
      batch.push(...page.items);
      if (batch.length >= batchSize) {
        yield transformUsers(batch, admins, this.notes.signInActivity);
        batch = [];
      }
    }
    if (batch.length > 0) yield transformUsers(batch, admins, this.notes.signInActivity);
  }

  /**
   * The tenant's verified domains, normalised: addresses there belong to the directory. Taken from this run's
   * `/organization` answer when it listed them (one request fewer on every run), else from `/domains`.
   */
  async domains(): Promise<string[]> {
    const fromOrg = this.org ? (await this.org).verifiedDomains : null;
    const names = fromOrg ?? (await getDomains(this.graph)).filter((d) => d.verified).map((d) => d.name);
    return [...new Set(names.map((d) => normaliseEmail(d)))];
  }

  /** Sentences the run should record once (today: sign-in activity unreadable). */
  warnings(): string[] {
    return this.notes.signInActivity ? [] : [NO_SIGN_IN_NOTE];
  }
}
