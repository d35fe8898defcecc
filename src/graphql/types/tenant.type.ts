import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DomainSource } from '../../tenants/tenant.repository';
import { MAX_TENANT_DOMAINS, MaxItems } from '../list-size';

registerEnumType(DomainSource, {
  name: 'DomainSource',
  description: "Where the organisation's email domains come from.",
  valuesConfig: {
    CONFIGURED: { description: 'Set with setTenantDomains; overrides inference.' },
    DIRECTORY: { description: "Listed by the connected company directory (Google Workspace's domains): `external` is authoritative." },
    INFERRED: { description: 'Taken from the emails of the admins who connected apps (public mail providers excluded).' },
    NONE: { description: 'Not known yet; the `external` filter needs domains.' },
  },
});

@ObjectType({ simpleResolvers: true, description: "The organisation's own email domains: people outside them are external collaborators." })
export class TenantDomains {
  @Field(() => [String], { description: 'Domains, lower-cased; subdomains count as inside.' })
  @MaxItems(MAX_TENANT_DOMAINS)
  domains!: string[];

  @Field(() => DomainSource, { description: 'Where they come from.' })
  source!: DomainSource;
}

export { DomainSource };
