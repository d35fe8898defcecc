import { DateTimeISOResolver } from 'graphql-scalars';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { EmploymentRecord } from '../../identity/identity.model';
import { Employment } from '../types/employment.type';

/** The directory's typed facts under the field names the API has always had (ADR 0016). */
@Resolver(() => Employment)
export class EmploymentResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: 'An administrator of the directory; null without a directory account.' })
  isAdmin(@Root() e: EmploymentRecord): boolean | null {
    return e.admin ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The organisational unit or department, as the directory names it (e.g. "/Engineering"); null without one.',
  })
  orgUnitPath(@Root() e: EmploymentRecord): string | null {
    return e.department ?? null;
  }

  @FieldResolver(() => DateTimeISOResolver, {
    nullable: true,
    description: 'Last sign-in the directory reports; null when never or unknown.',
  })
  lastLoginAt(@Root() e: EmploymentRecord): Date | null {
    return e.lastSignInAt ?? null;
  }
}
