import type { Graph } from '../graph/graph';
import { AppError } from '../lib/errors';

/** Where a tenant's own email domains come from. */
export enum DomainSource {
  /** Set by an administrator with setTenantDomains; overrides inference. */
  CONFIGURED = 'CONFIGURED',
  /** Listed by the connected company directory (Google Workspace's domains): authoritative. */
  DIRECTORY = 'DIRECTORY',
  /** Taken from the emails of the admins who connected apps. */
  INFERRED = 'INFERRED',
  /** Not known yet: no override and no connecting admin with a company email. */
  NONE = 'NONE',
}

export interface TenantDomains {
  domains: string[];
  source: DomainSource;
}

/** Mailbox providers whose domain says nothing about the organisation; never inferred as the tenant's own. */
const PUBLIC_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'aol.com',
  'gmx.com',
  'gmx.de',
  'yandex.ru',
  'mail.ru',
  'fastmail.com',
  'hey.com',
]);

export const MAX_DOMAINS = 50;
/** Labels of letters, digits and inner hyphens (63 at most), 253 in all, ending in a letters-only or punycode TLD. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Normalises and validates a list of domains; a bad one is BAD_USER_INPUT naming it: INVALID_DOMAIN for what is
 * not a domain name, PUBLIC_MAIL_DOMAIN for a mailbox provider (gmail.com would make every Gmail user "inside").
 */
export function validDomains(raw: readonly string[]): string[] {
  if (raw.length > MAX_DOMAINS)
    throw new AppError('BAD_USER_INPUT', 'TOO_MANY_DOMAINS', `At most ${MAX_DOMAINS} domains; got ${raw.length}.`);
  const out = new Set<string>();
  for (const d of raw) {
    const domain = d.trim().normalize('NFC').toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(domain)) throw new AppError('BAD_USER_INPUT', 'INVALID_DOMAIN', `"${d}" is not a domain name such as "acme.com".`);
    if (PUBLIC_MAIL.has(domain))
      throw new AppError(
        'BAD_USER_INPUT',
        'PUBLIC_MAIL_DOMAIN',
        `"${domain}" is a public mail provider's domain, not your organisation's: its users would all count as inside.`,
      );
    out.add(domain);
  }
  return [...out].sort();
}

/** True when the email's domain is one of the domains or a subdomain of one. */
export function isInternal(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.some((d) => domain === d || domain.endsWith('.' + d));
}

/** The Tenant node: the organisation's own email domains, configured, from the directory, or inferred. */
export class TenantRepository {
  constructor(private readonly graph: Graph) {}

  /** The tenant's domains and where they come from. */
  async domains(tenantId: string): Promise<TenantDomains> {
    const rows = await this.graph.read<{ configured: string[] | null; directory: string[] | null; inferred: string[] | null }>(
      'MATCH (t:Tenant {id: $tenantId}) RETURN t.configuredDomains AS configured, t.directoryDomains AS directory, t.inferredDomains AS inferred',
      { tenantId },
    );
    const { configured, directory, inferred } = rows[0] ?? { configured: null, directory: null, inferred: null };
    if (configured && configured.length > 0) return { domains: configured, source: DomainSource.CONFIGURED };
    if (directory && directory.length > 0) return { domains: directory, source: DomainSource.DIRECTORY };
    if (inferred && inferred.length > 0) return { domains: inferred, source: DomainSource.INFERRED };
    return { domains: [], source: DomainSource.NONE };
  }

  /** Sets the override; an empty list removes it, so the directory's (or inferred) domains apply again. */
  async setDomains(tenantId: string, domains: readonly string[]): Promise<TenantDomains> {
    await this.graph.write(
      'MERGE (t:Tenant {id: $tenantId}) SET t.configuredDomains = $domains',
      { tenantId, domains: validDomains(domains) },
      { tenantId },
    );
    return this.domains(tenantId);
  }

  /** Adds the domain of an admin who connected an app, unless it is a public mailbox provider. */
  async inferFrom(tenantId: string, adminEmail: string | null): Promise<void> {
    const domain = adminEmail?.trim().normalize('NFC').toLowerCase().split('@')[1];
    if (!domain || PUBLIC_MAIL.has(domain) || !DOMAIN.test(domain)) return;
    await this.graph.write(
      `MERGE (t:Tenant {id: $tenantId})
       SET t.inferredDomains = CASE WHEN $domain IN coalesce(t.inferredDomains, []) THEN t.inferredDomains
                                    ELSE coalesce(t.inferredDomains, []) + $domain END`,
      { tenantId, domain },
      { tenantId },
    );
  }
}
