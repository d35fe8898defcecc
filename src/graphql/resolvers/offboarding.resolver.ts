import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { GapKey } from '../../identity/offboarding.repository';
import type { Context } from '../context';
import { decodeCursor, pageSize, relayPage } from '../cursor';
import { OffboardingGapConnection } from '../types/offboarding-gap.type';
import { PageArgs } from '../types/page.args';

const parseKey = (key: string): GapKey | null => {
  try {
    const v: unknown = JSON.parse(key);
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? { since: v[0], email: v[1] } : null;
  } catch {
    return null;
  }
};

@Resolver()
export class OffboardingResolver {
  @Query(() => OffboardingGapConnection, {
    description:
      'People whose directory status is SUSPENDED, ARCHIVED, DELETED or NOT_IN_DIRECTORY and who hold a current account in another app, oldest status first (first ≤ 100).',
  })
  async offboardingGaps(@Args() { first, after }: PageArgs, @Ctx() ctx: Context) {
    const size = pageSize(first);
    const afterKey = decodeCursor('offboardingGaps', after, (k) => parseKey(k) !== null);
    const page = await ctx.services.offboarding.page(ctx.tenantId, size, afterKey ? parseKey(afterKey) : null);
    const keys = page.keys.map((k) => JSON.stringify([k.since, k.email]));
    return {
      ...relayPage('offboardingGaps', page.gaps, keys, page.hasNextPage, afterKey),
      get totalCount() {
        return ctx.services.offboarding.count(ctx.tenantId);
      },
    };
  }
}
