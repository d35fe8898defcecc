import type { AccountSource, Listing, Page, PageContext, RemoteApp, Transformed } from '../connector';
import { clientFor, type GitHubClient, type Observe, type RunBounds } from './client';
import { firstCollaboratorsUrl, getCollaboratorsPage, getInstallation, getMembersPage, getOrganization, type Installation } from './get';
import { InstallationGoneError, MalformedResponseError } from './github-errors';
import type { GitHubSettings } from './settings';
import { type GitHubAccount, transformItems } from './transform';

/** The installation, checked: still there, not suspended, an organisation's, allowed to read members. */
export async function usableInstallation(app: GitHubClient, bounds: RunBounds, id: number): Promise<Installation> {
  const inst = await getInstallation(app, bounds, id);
  if (inst.suspended) throw new InstallationGoneError('suspended');
  if (inst.type !== 'Organization') throw new InstallationGoneError('not-an-organisation');
  if (!inst.membersRead) throw new InstallationGoneError('no-member-access');
  return inst;
}

/** The organisation as an app: keyed by its numeric id (a renamed login stays the same app), named by its name or login. */
export async function describeOrganization(inst: GitHubClient, bounds: RunBounds, installation: Installation): Promise<RemoteApp> {
  const org = await getOrganization(inst, bounds, installation.login);
  return {
    id: String(org.id),
    name: org.name ?? org.login,
    iconUrl: org.avatarUrl,
    attributes: { login: org.login, installationId: installation.id },
  };
}

/** A listing cursor: which list, and GitHub's own cursor (GraphQL `endCursor`) or URL (REST Link) in it. */
const MEMBERS = 'members:';
const COLLABORATORS = 'collaborators:';

/**
 * One organisation's view during a run (get → transform): the app (JWT) checks the installation, an installation
 * token lists the members (GraphQL, cursor) and then the outside collaborators (REST, Link) as one complete listing
 * the core pages. Every request carries the run's signal.
 */
export class GitHubSource implements AccountSource {
  private readonly app_: GitHubClient;
  private readonly inst: GitHubClient;
  private installation: Promise<Installation> | null = null;
  /** Every account this run listed, with its typed facts (role, MFA, unmanaged), for when the contract can keep them. */
  readonly listed: GitHubAccount[] = [];
  private membersListed = 0;

  constructor(
    private readonly settings: GitHubSettings,
    private readonly installationId: number,
    private readonly bounds: RunBounds,
    observe: Observe,
  ) {
    this.app_ = clientFor(settings, { app: true }, bounds, observe);
    this.inst = clientFor(settings, { installationId }, bounds, observe);
  }

  private checked(): Promise<Installation> {
    this.installation ??= usableInstallation(this.app_, this.bounds, this.installationId);
    return this.installation;
  }

  async app(): Promise<RemoteApp> {
    return describeOrganization(this.inst, this.bounds, await this.checked());
  }

  /** Members, then outside collaborators: a complete listing (GitHub has no changes feed for members). */
  listing(): Listing {
    return { kind: 'complete', page: (cursor, ctx) => this.page(cursor, ctx), transform: (items) => this.transform(items) };
  }

  private async page(cursor: string | null, ctx: PageContext): Promise<Page> {
    this.bounds.signal = ctx.signal;
    this.bounds.deadline = Math.min(this.bounds.deadline, ctx.deadline);
    const { login } = await this.checked();
    if (cursor === null || cursor.startsWith(MEMBERS)) {
      if (cursor === null) this.membersListed = 0;
      const page = await getMembersPage(
        this.inst,
        this.bounds,
        login,
        cursor ? cursor.slice(MEMBERS.length) : null,
        this.settings.waitUnitMs,
      );
      this.membersListed += page.edges.length;
      if (page.next === null && this.membersListed < page.totalCount)
        throw new MalformedResponseError(
          `GitHub listed ${this.membersListed} of the ${page.totalCount} members it counted: a page was lost; nothing was removed.`,
        );
      return {
        items: page.edges.map((member) => ({ member })),
        next: page.next === null ? `${COLLABORATORS}${firstCollaboratorsUrl(this.settings.apiBaseUrl, login)}` : `${MEMBERS}${page.next}`,
      };
    }
    const page = await getCollaboratorsPage(this.inst, this.bounds, cursor.slice(COLLABORATORS.length), this.settings.apiBaseUrl);
    return {
      items: page.users.map((collaborator) => ({ collaborator })),
      next: page.next === null ? null : `${COLLABORATORS}${page.next}`,
    };
  }

  private transform(items: readonly unknown[]): Transformed {
    const { accounts, ...t } = transformItems(items);
    this.listed.push(...accounts);
    return t;
  }
}
