import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { normaliseEmail } from '../../identity/email';
import type { AccountRecord, UserRecord } from '../../identity/identity.model';
import type { Context } from '../context';
import { Account } from '../types/account.type';
import { User, UserConnection } from '../types/user.type';
import { UserFilter } from '../types/user-filter.input';
import { Workspace } from '../types/workspace.type';
import { userPage } from './user-page';

@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection, { description: 'People of the organisation, by email, as a Relay connection (first ≤ 100).' })
  users(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 50).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | null,
    @Ctx() ctx: Context,
  ) {
    return userPage(ctx, first, after, filter);
  }

  @Query(() => User, { nullable: true, description: 'One person by email (matched after trimming and lower-casing).' })
  user(@Arg('email') email: string, @Ctx() ctx: Context): Promise<UserRecord | null> {
    return ctx.services.users.byEmail(ctx.tenantId, normaliseEmail(email));
  }
}

@Resolver(() => Account)
export class AccountResolver {
  @FieldResolver(() => Workspace, { description: 'The app this account belongs to.' })
  workspace(@Root() account: AccountRecord) {
    return account.app;
  }
}
