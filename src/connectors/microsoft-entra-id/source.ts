import { normaliseEmail } from '../../identity/email';
import type { AccountBatch, AccountSource, PagingLimits, RemoteApp } from '../connector';
import type { EntraGraph, RunBounds } from './client';
import { getDomains, getGlobalAdmins, getOrganization, getUsers, type ReadNotes } from './get';
import { transformUsers } from './transform';

/** The sentence a run records once when sign-in activity could not be read. */
export const NO_SIGN_IN_NOTE =
  'Sign-in activity could not be read (AuditLog.Read.All not granted, or no Microsoft Entra ID P1/P2 licence): last sign-in is left empty.';

/** The customer tenant as an app: keyed by its tenant id, named by its organisation's display name. */
export async function describeTenant(g: EntraGraph, tenantId: string): Promise<RemoteApp> {
  const org = await getOrganization(g);
  return { id: tenantId, name: org.displayName, iconUrl: null, attributes: { tenantId, organizationId: org.id } };
}

/** One connection's view of its customer tenant during a run (get → transform). */
export class EntraSource implements AccountSource {
  /** What this run learnt besides the users (sign-in activity readable or not). */
  readonly notes: ReadNotes = { signInActivity: true };

  constructor(
    private readonly graph: EntraGraph,
    private readonly tenantId: string,
    private readonly bounds: RunBounds,
  ) {}

  app(): Promise<RemoteApp> {
    return describeTenant(this.graph, this.tenantId);
  }

  /** Global Administrators first (for `isAdmin`), then every user, in batches of about `batchSize`; a failure halfway throws. */
  async *accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch> {
    this.bounds.deadline = Math.min(this.bounds.deadline, limits.deadline);
    this.bounds.signal = this.bounds.signal ?? limits.signal;
    const admins = await getGlobalAdmins(this.graph, limits);
    let batch: unknown[] = [];
    for await (const page of getUsers(this.graph, limits, this.notes)) {
      batch.push(...page);
      if (batch.length >= batchSize) {
        yield transformUsers(batch, admins, this.notes.signInActivity);
        batch = [];
      }
    }
    if (batch.length > 0) yield transformUsers(batch, admins, this.notes.signInActivity);
  }

  /** The tenant's verified domains, normalised: addresses there belong to the directory. */
  async domains(): Promise<string[]> {
    const list = await getDomains(this.graph);
    return [...new Set(list.filter((d) => d.verified).map((d) => normaliseEmail(d.name)))];
  }

  /** Sentences the run should record once (today: sign-in activity unreadable). */
  warnings(): string[] {
    return this.notes.signInActivity ? [] : [NO_SIGN_IN_NOTE];
  }
}
