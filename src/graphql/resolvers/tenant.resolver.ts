import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { TenantDomains as Domains } from '../../tenants/tenant.repository';
import type { Context } from '../context';
import type { Role } from '../roles';
import { TenantDomains } from '../types/tenant.type';

@Resolver()
export class TenantResolver {
  @Query(() => TenantDomains, { description: "The organisation's own email domains; people outside them are external." })
  tenantDomains(@Ctx() ctx: Context): Promise<Domains> {
    return ctx.domains();
  }

  @Authorized<Role>('admin')
  @Mutation(() => TenantDomains, {
    description:
      'Sets the organisation\'s email domains (e.g. ["acme.com", "acme.io"]), overriding inference; an empty list returns to inferred domains.',
  })
  setTenantDomains(
    @Arg('domains', () => [String], { description: 'Domains such as "acme.com"; at most 50; [] removes the override.' }) domains: string[],
    @Ctx() ctx: Context,
  ): Promise<Domains> {
    return ctx.services.tenants.setDomains(ctx.tenantId, domains);
  }
}
