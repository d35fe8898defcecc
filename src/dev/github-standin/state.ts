/** A GitHub user: `emails` are its verified addresses (those on an organisation's verified domains are disclosed to it). */
export interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
  /** The public profile email, `""` when none (GraphQL `User.email` is `String!`). */
  publicEmail: string;
  emails: string[];
  twoFactor: boolean;
}

export type OrgRole = 'ADMIN' | 'MEMBER';

/** A GitHub organisation: its members with their role, outside collaborators, verified domains and our installation. */
export interface GitHubOrg {
  id: number;
  login: string;
  name: string | null;
  verifiedDomains: string[];
  members: { userId: number; role: OrgRole }[];
  collaborators: number[];
  installation: GitHubInstallation | null;
}

/** Our app's installation on an organisation. */
export interface GitHubInstallation {
  id: number;
  orgLogin: string;
  suspendedAt: string | null;
  /** Uninstalled: GET and token creation answer 404 (sheet §3). */
  removed: boolean;
  permissions: Record<string, string>;
}

export interface MemberSeed {
  login: string;
  name?: string | null;
  emails?: string[];
  publicEmail?: string;
  twoFactor?: boolean;
  role?: OrgRole;
}

export interface OrgSeed {
  login: string;
  name?: string | null;
  verifiedDomains: string[];
  /** Generated members `user1` … each with `user<n>@<first domain>`. */
  members?: number;
  extra?: MemberSeed[];
  /** Generated outside collaborators `guest1` …, or given logins. */
  collaborators?: number | string[];
  /** Installed already (as if an owner had): default false. */
  installed?: boolean;
}

/** The stand-in's memory: users, organisations, installations. */
export class World {
  readonly users = new Map<number, GitHubUser>();
  readonly orgs = new Map<string, GitHubOrg>();
  private nextUser = 1000;
  private nextOrg = 90_000;
  private nextInstallation = 40_000_000;

  user(seed: Omit<MemberSeed, 'role'>): GitHubUser {
    const existing = [...this.users.values()].find((u) => u.login === seed.login);
    if (existing) return existing;
    const u: GitHubUser = {
      id: ++this.nextUser,
      login: seed.login,
      name: seed.name === undefined ? seed.login : seed.name,
      publicEmail: seed.publicEmail ?? '',
      emails: seed.emails ?? [],
      twoFactor: seed.twoFactor ?? true,
    };
    this.users.set(u.id, u);
    return u;
  }

  seed(o: OrgSeed): GitHubOrg {
    const org: GitHubOrg = {
      id: ++this.nextOrg,
      login: o.login,
      name: o.name === undefined ? o.login : o.name,
      verifiedDomains: o.verifiedDomains,
      members: [],
      collaborators: [],
      installation: null,
    };
    this.orgs.set(org.login.toLowerCase(), org);
    const domain = o.verifiedDomains[0] ?? 'example.com';
    for (let i = 1; i <= (o.members ?? 0); i++)
      this.addMember(org.login, { login: `${o.login}-user${i}`, name: `User ${i}`, emails: [`user${i}@${domain}`] });
    for (const m of o.extra ?? []) this.addMember(org.login, m);
    const guests =
      typeof o.collaborators === 'number'
        ? Array.from({ length: o.collaborators }, (_, i) => `${o.login}-guest${i + 1}`)
        : (o.collaborators ?? []);
    for (const login of guests) org.collaborators.push(this.user({ login, emails: [`${login}@outside.example`] }).id);
    if (o.installed) this.install(org.login);
    return org;
  }

  org(login: string): GitHubOrg {
    const o = this.orgs.get(login.toLowerCase());
    if (!o) throw new Error(`no organisation ${login} in the stand-in`);
    return o;
  }

  addMember(orgLogin: string, m: MemberSeed): GitHubUser {
    const u = this.user(m);
    this.org(orgLogin).members.push({ userId: u.id, role: m.role ?? 'MEMBER' });
    return u;
  }

  removeMember(orgLogin: string, login: string): void {
    const org = this.org(orgLogin);
    org.members = org.members.filter((m) => this.users.get(m.userId)?.login !== login);
  }

  /** Installs (or reinstalls) our app on the organisation. */
  install(orgLogin: string): GitHubInstallation {
    const org = this.org(orgLogin);
    org.installation = {
      id: ++this.nextInstallation,
      orgLogin: org.login,
      suspendedAt: null,
      removed: false,
      permissions: { members: 'read', metadata: 'read' },
    };
    return org.installation;
  }

  installation(id: number): { org: GitHubOrg; installation: GitHubInstallation } | null {
    for (const org of this.orgs.values()) if (org.installation?.id === id) return { org, installation: org.installation };
    return null;
  }

  /** Installations a user may see (`GET /user/installations`): those on organisations they own. */
  installationsOf(userId: number): GitHubInstallation[] {
    return [...this.orgs.values()]
      .filter((o) => o.installation && !o.installation.removed && o.members.some((m) => m.userId === userId && m.role === 'ADMIN'))
      .map((o) => o.installation as GitHubInstallation);
  }

  /** The addresses GitHub discloses to the organisation: the user's verified ones on its verified domains. */
  verifiedDomainEmails(org: GitHubOrg, u: GitHubUser): string[] {
    return u.emails.filter((e) => org.verifiedDomains.some((d) => e.toLowerCase().endsWith(`@${d.toLowerCase()}`)));
  }
}
