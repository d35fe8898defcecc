import { Field, InputType } from 'type-graphql';
import { AccountRole } from './account-role';
import { EmploymentStatus } from './employment.type';
import { APP_ID_ARG } from '../global-id';
import { Provider } from './provider';

@InputType({ description: 'Narrows a list of users; every given field must match.' })
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Email contains this text (case-insensitive).' })
  emailContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Any account name contains this text (case-insensitive).' })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Email domain, e.g. "acme.com".' })
  emailDomain?: string | null;

  @Field(() => String, { nullable: true, description: `Member of this app: ${APP_ID_ARG}` })
  workspaceId?: string | null;

  @Field(() => Provider, { nullable: true, description: 'Has an account with this provider.' })
  provider?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only people with no current membership in any app (they left them all). Default: current members only.',
  })
  memberOfNoApp?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only people whose email domain is outside the organisation's domains (see tenantDomains); false: only those inside.",
  })
  external?: boolean | null;

  @Field(() => [EmploymentStatus], {
    nullable: true,
    description: 'Only people with one of these employment statuses (see User.employment).',
  })
  employmentStatus?: EmploymentStatus[] | null;

  @Field(() => AccountRole, { nullable: true, description: 'Only people holding a current account with this role (see Account.role).' })
  accountRole?: AccountRole | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only people holding a current account whose MFA is this (see Account.mfaEnabled; accounts whose source does not say never match).',
  })
  mfaEnabled?: boolean | null;
}
