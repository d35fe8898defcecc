import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { relayTypes } from './relay';

@ObjectType({
  simpleResolvers: true,
  description: 'One mutation or CSV export someone ran in the organisation, and how it ended (refusals included).',
  implements: Node,
})
export class AuditEvent {
  @Field({ description: 'Who ran it: the JWT\'s `sub` claim, or "unknown" when the token has none.' })
  actor!: string;

  @Field({ description: 'The mutation (e.g. disconnectNotion) or the export (e.g. GET /export/users.csv).' })
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The connection or app it acted on; null when the mutation names none (or failed before one existed).',
  })
  target!: string | null;

  @Field({
    description:
      '"ok", or the error code it ended with (FORBIDDEN, NOT_FOUND, CONFLICT, INTERNAL, …); ABORTED when an export\'s client left mid-way.',
  })
  outcome!: string;

  @Field(() => String, { nullable: true, description: "The error's reason, e.g. ADMIN_ROLE_REQUIRED; null when it succeeded." })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The Boolean and enum arguments (or export filters) it was given, as JSON (e.g. {"purge":true}); string arguments are never kept, since they may be codes or secrets.',
  })
  options!: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When it ended.' })
  at!: Date;
}

export const AuditEventConnection = relayTypes('AuditEvent', AuditEvent, 'audit events', false);
