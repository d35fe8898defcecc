import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { AppRecord } from '../../identity/identity.model';
import { MAX_APPS_WITHOUT_ACTIVITY, MaxItems } from '../list-size';
import { AccountRole, UnmanagedReason } from './account-role';
import { Employment } from './employment.type';
import { Provider } from './provider';
import { relayTypes } from './relay';
import { User } from './user.type';
import { Workspace } from './workspace.type';

type Relation<T> = T;

/**
 * What the access views (ADR 0019) show of every account: report rows over one current account, not Node types.
 * A base class only (type-graphql 2 emits no type nothing references).
 */
@ObjectType('AccessAccount', { simpleResolvers: true })
abstract class AccessAccount {
  // Served from the record's `id`: only type-graphql's own resolver maps the property to another name.
  @Field(() => ID, {
    name: 'accountId',
    simple: false,
    description: 'The account key (provider:app:external), as Account.accountId shows it.',
  })
  id!: string;

  @Field(() => Provider, { description: 'The provider (the connector that syncs it).' })
  provider!: string;

  @Field({ description: "The provider's user id." })
  externalId!: string;

  @Field(() => String, { nullable: true, description: 'The handle at the source (GitHub login, Slack name); null when it has none.' })
  login!: string | null;

  @Field(() => String, { nullable: true, description: 'Name as the provider shows it.' })
  name!: string | null;

  @Field(() => AccountRole, { description: 'What the account may do in its app.' })
  role!: AccountRole;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the account signs in with a second factor; null when the source does not say.',
  })
  mfaEnabled!: boolean | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "The source's last sign-in or activity; null when unknown." })
  lastActiveAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: 'When the account was first seen.' })
  firstSeen!: Date;

  @Field(() => Workspace, { description: 'The app the account belongs to.' })
  app!: Relation<AppRecord>;
}

@ObjectType({ simpleResolvers: true, description: 'An OWNER or ADMIN account, with its person (when joined) and their employment.' })
export class PrivilegedAccount extends AccessAccount {
  @Field(() => String, { nullable: true, description: 'Email as the provider gave it, normalised; null for an account of no person.' })
  email!: string | null;

  @Field(() => User, { nullable: true, description: 'The person the account is joined to; null when unmanaged.' })
  person!: Relation<User> | null;

  @Field(() => Employment, { nullable: true, description: "The person's employment (same as person.employment); null when unmanaged." })
  employment!: Relation<Employment> | null;
}

@ObjectType({ simpleResolvers: true, description: 'A current account joined to no person: the source gave no usable address.' })
export class UnmanagedAccount extends AccessAccount {
  @Field(() => UnmanagedReason, { description: 'Why it is joined to no person.' })
  reason!: UnmanagedReason;
}

@ObjectType({ simpleResolvers: true, description: 'A current account whose last activity is older than asked.' })
export class InactiveAccount extends AccessAccount {
  @Field(() => String, { nullable: true, description: 'Email as the provider gave it, normalised; null for an account of no person.' })
  email!: string | null;

  @Field(() => User, { nullable: true, description: 'The person the account is joined to; null when unmanaged.' })
  person!: Relation<User> | null;
}

export const PrivilegedAccountConnection = relayTypes('PrivilegedAccount', PrivilegedAccount, 'privileged accounts');
export const UnmanagedAccountConnection = relayTypes('UnmanagedAccount', UnmanagedAccount, 'unmanaged accounts');

@ObjectType('InactiveAccountConnection', {
  simpleResolvers: true,
  description: 'A page of inactive accounts (Relay connection), and the apps it cannot judge.',
})
export class InactiveAccountConnection extends relayTypes('InactiveAccount', InactiveAccount, 'inactive accounts', true, true) {
  @Field(() => [Workspace], {
    description: 'Apps (of the filter) whose source gives no activity: none of their current accounts has lastActiveAt, so none is listed.',
  })
  @MaxItems(MAX_APPS_WITHOUT_ACTIVITY)
  appsWithoutActivity!: Relation<AppRecord>[];
}
