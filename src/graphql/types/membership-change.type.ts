import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from './node.type';
import { relayTypes } from './relay';

export enum MembershipChangeKind {
  JOINED = 'JOINED',
  LEFT = 'LEFT',
}

registerEnumType(MembershipChangeKind, {
  name: 'MembershipChangeKind',
  description: 'A join or a leave.',
  valuesConfig: {
    JOINED: { description: "A sync found a new member (or one who had left) after the app's first complete sync." },
    LEFT: { description: 'A complete sync no longer found the member.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: 'Someone joined or left an app, as the sync observed it (at most one sync interval after the fact).',
  implements: Node,
})
export class MembershipChange {
  @Field(() => MembershipChangeKind, { description: 'JOINED or LEFT.' })
  kind!: MembershipChangeKind;

  @Field(() => DateTimeISOResolver, { description: 'When the sync observed the change.' })
  at!: Date;

  @Field(() => ID, { description: 'The app (workspace id).' })
  appId!: string;

  @Field(() => ID, { description: 'The account that joined or left.' })
  accountId!: string;

  @Field({ description: "The member's normalised email at the time." })
  email!: string;

  @Field(() => String, { nullable: true, description: "The member's name at the time." })
  name!: string | null;
}

export const MembershipChangeConnection = relayTypes('MembershipChange', MembershipChange, 'membership changes', false);
