import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { Provider } from './provider';
import { relayTypes } from './relay';

@ObjectType({
  simpleResolvers: true,
  description: 'A SaaS app in the inventory (the SaaSApp node); for Notion, a workspace.',
  implements: Node,
})
export class Workspace {
  @Field(() => ID, {
    name: 'externalId',
    // Served from the record's `id`: only type-graphql's own resolver maps the property to another name.
    simple: false,
    description:
      "The provider's id of the app (Notion's workspace id, Google's customer id), as Connection.workspaceId and MembershipChange.appId show it; `id` is the global id.",
  })
  id!: string;

  @Field(() => Provider, { description: 'The provider (the connector that syncs it).' })
  provider!: string;

  @Field(() => String, { nullable: true, description: 'Workspace name.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Workspace icon URL or emoji, as Notion gives it.' })
  iconUrl!: string | null;

  @Field(() => String, { nullable: true, description: "The id of Layer's integration bot in the workspace." })
  botId!: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When the app was first synced.' })
  firstSeen!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When the app node was last written.' })
  lastUpdated!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When a sync of this app last succeeded; null before the first.' })
  lastSuccessfulSyncAt!: Date | null;
}

@InputType({ description: 'Narrows a list of apps; every given field must match.' })
export class AppFilter {
  @Field(() => String, { nullable: true, description: 'Name contains this text (case-insensitive).' })
  nameContains?: string | null;

  @Field(() => Provider, { nullable: true, description: 'Only apps of this provider.' })
  provider?: string | null;
}

export const AppConnection = relayTypes('App', Workspace, 'apps');
