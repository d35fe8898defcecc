import { Arg, Args, Ctx, Field, InputType, Int, Query, Resolver } from 'type-graphql';
import {
  type AccessPage,
  accessKeyText,
  inactiveView,
  parseAccessKey,
  privilegedView,
  unmanagedView,
} from '../../identity/access.repository';
import type { AppKey, AppRecord } from '../../identity/identity.model';
import type { Context } from '../context';
import { decodeCursor, pageSize, relayPage } from '../cursor';
import { APP_ID_ARG } from '../global-id';
import { MAX_APPS_WITHOUT_ACTIVITY } from '../list-size';
import { TenantAppId } from '../tenant-scope';
import { InactiveAccountConnection, PrivilegedAccountConnection, UnmanagedAccountConnection } from '../types/access-account.type';
import { PageArgs } from '../types/page.args';

@InputType({ description: 'Narrows privilegedAccounts; every given field must match.' })
export class PrivilegedAccountFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only accounts whose MFA is this (accounts whose source does not say never match).',
  })
  mfaEnabled?: boolean | null;
}

type View = Parameters<Context['services']['access']['page']>[1];

/** One page of a view as a Relay connection; the count runs only when asked for. */
async function viewPage(ctx: Context, list: string, view: View, app: AppKey | null, { first, after }: PageArgs) {
  const size = pageSize(first);
  const afterKey = decodeCursor(list, after, (k) => parseAccessKey(k) !== null);
  const page: AccessPage = await ctx.services.access.page(ctx.tenantId, view, app, size, afterKey ? parseAccessKey(afterKey) : null);
  const nodes = page.accounts.map((a) => ({ ...a, employment: a.person?.employment ?? null }));
  return {
    ...relayPage(list, nodes, page.keys.map(accessKeyText), page.hasNextPage, afterKey),
    get totalCount() {
      return ctx.services.access.count(ctx.tenantId, view, app);
    },
  };
}

const APP_ARG = `Only this app's accounts: ${APP_ID_ARG}`;

/** The access views of ADR 0019: who holds rights, which accounts belong to nobody, which are unused. Admins and viewers alike. */
@Resolver()
export class AccessResolver {
  @Query(() => PrivilegedAccountConnection, {
    description:
      'Current OWNER and ADMIN accounts across apps, with their app, person and employment: people no longer ACTIVE first, then accounts of no person, then the rest (first ≤ 100).',
  })
  privilegedAccounts(
    @Args() paging: PageArgs,
    @TenantAppId('appId', APP_ARG, { nullable: true }) app: AppRecord | null,
    @Arg('filter', () => PrivilegedAccountFilter, { nullable: true, description: 'Every given field must match.' })
    filter: PrivilegedAccountFilter | null,
    @Ctx() ctx: Context,
  ) {
    return viewPage(ctx, 'privilegedAccounts', privilegedView(filter?.mfaEnabled), app, paging);
  }

  @Query(() => UnmanagedAccountConnection, {
    description: 'Current accounts joined to no person (the source gave no usable address), the longest known first (first ≤ 100).',
  })
  unmanagedAccounts(
    @Args() paging: PageArgs,
    @TenantAppId('appId', APP_ARG, { nullable: true }) app: AppRecord | null,
    @Ctx() ctx: Context,
  ) {
    return viewPage(ctx, 'unmanagedAccounts', unmanagedView(), app, paging);
  }

  @Query(() => InactiveAccountConnection, {
    description:
      'Current accounts whose lastActiveAt is more than `days` ago, the oldest first (first ≤ 100). Accounts whose source gives no activity are not listed; appsWithoutActivity names those apps.',
  })
  async inactiveAccounts(
    @Args() paging: PageArgs,
    @Arg('days', () => Int, { description: 'How many days without activity, 1 to 36500.' }) days: number,
    @TenantAppId('appId', APP_ARG, { nullable: true }) app: AppRecord | null,
    @Ctx() ctx: Context,
  ) {
    const page = await viewPage(ctx, `inactiveAccounts:${days}`, inactiveView(days), app, paging);
    return Object.defineProperties(page, {
      appsWithoutActivity: {
        get: () => ctx.services.access.appsWithoutActivity(ctx.tenantId, app, MAX_APPS_WITHOUT_ACTIVITY),
        enumerable: true,
      },
    });
  }
}
