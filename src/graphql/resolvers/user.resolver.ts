import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../types/page.args';
import { normaliseEmail } from '../../identity/email';
import type { AccountRecord, UserRecord } from '../../identity/identity.model';
import { isInternal } from '../../tenants/tenant.repository';
import type { Context } from '../context';
import { Account } from '../types/account.type';
import { UserOrder } from '../types/ordering';
import { User, UserConnection } from '../types/user.type';
import { UserFilter } from '../types/user-filter.input';
import { Workspace } from '../types/workspace.type';
import { selectedUserParts } from '../user-parts';
import { userPage } from './user-page';
import { MAX_ACCOUNTS_PER_PERSON, MaxItems } from '../list-size';

/** `Account.current` (schema.ts calls it directly too). */
export function isCurrentAccount(account: AccountRecord): boolean {
  return account.removedAt === null || account.removedAt === undefined;
}

/** A person's accounts, the ended ones only when asked for (`User.accounts`; schema.ts calls it directly too). */
export function accountsShown(user: UserRecord, includeRemoved: boolean): AccountRecord[] {
  return includeRemoved ? user.accounts : user.accounts.filter(isCurrentAccount);
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection, {
    description: 'People of the organisation with a current membership (see filter.memberOfNoApp), as a Relay connection (first ≤ 100).',
  })
  users(
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Every given field must match.' }) filter: UserFilter | null,
    @Arg('orderBy', () => UserOrder, { nullable: true, description: 'Default: email ascending.' }) orderBy: UserOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return userPage(ctx, 'users', first, after, filter, orderBy, info);
  }

  @Query(() => User, {
    nullable: true,
    description: 'One person by email (matched after trimming and lower-casing), also after they left every app.',
  })
  user(
    @Arg('email', { description: 'Email, in any case, with or without surrounding spaces.' }) email: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UserRecord | null> {
    return ctx.services.users.byEmail(ctx.tenantId, normaliseEmail(email), selectedUserParts(info));
  }

  @FieldResolver(() => [Account], { description: "The person's accounts in every connected app; current ones first." })
  @MaxItems(MAX_ACCOUNTS_PER_PERSON)
  accounts(
    @Root() user: UserRecord,
    @Arg('includeRemoved', () => Boolean, { defaultValue: false, description: 'Also the memberships that ended (with removedAt).' })
    includeRemoved: boolean,
  ): AccountRecord[] {
    return accountsShown(user, includeRemoved);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "True when the email's domain is outside the organisation's domains; null while those are unknown.",
  })
  async external(@Root() user: UserRecord, @Ctx() ctx: Context): Promise<boolean | null> {
    const { domains } = await ctx.domains();
    return domains.length === 0 ? null : !isInternal(user.email, domains);
  }
}

/** `Account.workspace` (schema.ts calls it directly too). */
export const appOfAccount = (account: AccountRecord) => account.app;

@Resolver(() => Account)
export class AccountResolver {
  @FieldResolver(() => Workspace, { description: 'The app this account belongs (or belonged) to.' })
  workspace(@Root() account: AccountRecord) {
    return appOfAccount(account);
  }

  @FieldResolver(() => Boolean, { description: 'True while the person is a member; false once a complete sync found them gone.' })
  current(@Root() account: AccountRecord): boolean {
    return isCurrentAccount(account);
  }
}
