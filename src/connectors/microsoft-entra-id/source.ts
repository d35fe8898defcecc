import { normaliseEmail } from '../../identity/email';
import type { AccountSource, Listing, RemoteApp } from '../connector';
import type { EntraGraph, RunBounds } from './client';
import { changePages, fullPages, getDomains, getGlobalAdmins, getOrganization, type Organization, type ReadNotes } from './get';
import { removedOf, transformUsers } from './transform';

/** The sentence a run records once when sign-in activity could not be read. */
export const NO_SIGN_IN_NOTE =
  'Sign-in activity could not be read (AuditLog.Read.All not granted, or no Microsoft Entra ID P1/P2 licence): last sign-in is left empty.';

/**
 * How long a kept delta link serves before a run reads everything again: user delta tracks neither sign-in
 * activity nor directory roles, so a complete read a day refreshes last sign-in and who is a Global Administrator.
 */
export const FULL_READ_EVERY_MS = 24 * 3600_000;

/** The resume point the core keeps: when the last complete read began, and the delta link (`<ms> <link>`). */
export const encodeResume = (fullAt: number, link: string): string => `${fullAt} ${link}`;

export function decodeResume(resume: string | null): { fullAt: number; link: string } | null {
  const m = resume ? /^(\d+) (https:\/\/\S+)$/.exec(resume) : null;
  return m ? { fullAt: Number(m[1]), link: m[2] } : null;
}

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
  /** Global Administrators' object ids: read before the first page that lists a user (undefined: not yet; null: may not). */
  private admins: Set<string> | null | undefined = undefined;

  constructor(
    private readonly graph: EntraGraph,
    private readonly tenantId: string,
    private readonly bounds: RunBounds,
    /** The organisation as this run read it: the core opens a source per step, and app() and domains() share it. */
    private readonly runOrg: { org?: Promise<Organization> } = {},
  ) {}

  async app(): Promise<RemoteApp> {
    this.runOrg.org = getOrganization(this.graph);
    return tenantApp(this.tenantId, await this.runOrg.org);
  }

  /**
   * A changes listing (user delta) while the kept link is under a day old; else a complete one, which keeps a new
   * link. The Global Administrators are read only when a page lists a user, so an unchanged directory's re-sync
   * is two Graph requests: the organisation and one delta page.
   */
  listing(resume: string | null): Listing {
    const kept = decodeResume(resume);
    const changes = kept !== null && Date.now() - kept.fullAt < FULL_READ_EVERY_MS;
    const fullAt = changes ? kept.fullAt : Date.now();
    const read = changes ? changePages(this.graph, kept.link) : fullPages(this.graph, this.notes);
    return {
      kind: changes ? 'changes' : 'complete',
      page: async (cursor, ctx) => {
        this.bounds.signal = ctx.signal;
        this.bounds.deadline = ctx.deadline;
        const page = await read(cursor);
        if (this.admins === undefined && page.items.length > removedOf(page.items).length) this.admins = await getGlobalAdmins(this.graph);
        return page.resume ? { ...page, resume: encodeResume(fullAt, page.resume) } : page;
      },
      transform: (items) => transformUsers(items, this.admins ?? null, !changes && this.notes.signInActivity),
    };
  }

  /**
   * The tenant's verified domains, normalised: addresses there belong to the directory. Taken from this run's
   * `/organization` answer when it listed them (one request fewer on every run), else from `/domains`.
   */
  async domains(): Promise<string[]> {
    const fromOrg = this.runOrg.org ? await this.runOrg.org.then((o) => o.verifiedDomains).catch(() => null) : null;
    const names = fromOrg ?? (await getDomains(this.graph)).filter((d) => d.verified).map((d) => d.name);
    return [...new Set(names.map((d) => normaliseEmail(d)))];
  }

  /** Said once in the run's record: sign-in activity unreadable. */
  warnings(): string[] {
    return this.notes.signInActivity ? [] : [NO_SIGN_IN_NOTE];
  }
}
