import type { AccountBatch, AccountSource, PagingLimits, RemoteApp } from '../connector';
import { clientFor, type GitHubClient, type Observe, type RunBounds } from './client';
import { getInstallation, getMembers, getOrganization, getOutsideCollaborators, type Installation } from './get';
import { InstallationGoneError } from './github-errors';
import type { GitHubSettings } from './settings';
import { collaboratorAccount, type GitHubAccount, memberAccount, transformAccounts } from './transform';

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

/**
 * One organisation's view during a run (get → transform): the app (JWT) checks the installation, an installation
 * token lists the members (GraphQL) and the outside collaborators (REST). Every request carries the run's signal.
 */
export class GitHubSource implements AccountSource {
  private readonly app_: GitHubClient;
  private readonly inst: GitHubClient;
  private installation: Promise<Installation> | null = null;
  /** Every account this run listed, with its typed facts (role, MFA, unmanaged), for when the contract can keep them. */
  readonly listed: GitHubAccount[] = [];

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

  /** Members (in batches of about `batchSize`), then outside collaborators; a failure halfway throws. */
  async *accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch> {
    this.bounds.deadline = Math.min(this.bounds.deadline, limits.deadline);
    this.bounds.signal = this.bounds.signal ?? limits.signal;
    const { login } = await this.checked();
    const lists: [AsyncGenerator<unknown[]>, (r: unknown) => GitHubAccount | null][] = [
      [getMembers(this.inst, this.bounds, login, limits, this.settings.waitUnitMs), memberAccount],
      [getOutsideCollaborators(this.inst, this.bounds, login, this.settings.apiBaseUrl, limits), collaboratorAccount],
    ];
    for (const [pages, read] of lists) {
      let raw: unknown[] = [];
      for await (const page of pages) {
        raw.push(...page);
        if (raw.length >= batchSize) {
          yield this.transform(raw, read);
          raw = [];
        }
      }
      if (raw.length > 0) yield this.transform(raw, read);
    }
  }

  private transform(raw: unknown[], read: (r: unknown) => GitHubAccount | null): AccountBatch {
    const { batch, accounts } = transformAccounts(raw, read);
    this.listed.push(...accounts);
    return batch;
  }
}
