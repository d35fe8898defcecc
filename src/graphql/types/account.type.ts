import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { AccountRole } from './account-role';
import { Node } from './node.type';
import { Provider } from './provider';

@ObjectType({
  simpleResolvers: true,
  description: "One source's account of a person in one app (a Notion member of a workspace).",
  implements: Node,
})
export class Account {
  @Field(() => ID, {
    name: 'accountId',
    // Served from the record's `id`: only type-graphql's own resolver maps the property to another name.
    simple: false,
    description:
      'The account key: the provider, the app id and the external id (provider:app:external), as MembershipChange.accountId shows it; `id` is the global id.',
  })
  id!: string;

  @Field(() => Provider, { description: 'The provider (the connector that syncs it).' })
  provider!: string;

  @Field({ description: "The provider's user id (Notion user id)." })
  externalId!: string;

  @Field(() => String, { nullable: true, description: 'Name as the provider shows it.' })
  name!: string | null;

  @Field({ description: 'Email as the provider gave it, normalised (trimmed, lower-cased).' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Email exactly as the provider gave it.' })
  emailRaw!: string | null;

  @Field(() => String, { nullable: true, description: 'Avatar URL (http or https only).' })
  avatarUrl!: string | null;

  @Field(() => AccountRole, { description: 'What the account may do in its app; UNKNOWN when the source does not say.' })
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

  @Field(() => DateTimeISOResolver, {
    description: "When a sync last saw the account: the app's last successful sync while current, the last one before it left otherwise.",
  })
  lastSeen!: Date;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When a complete sync found the member gone; null while the account is current.',
  })
  removedAt!: Date | null;
}
