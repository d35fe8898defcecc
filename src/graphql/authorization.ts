import type { AuthChecker } from 'type-graphql';
import { AppError } from '../lib/errors';
import type { Context } from './context';
import { toGraphQLError } from './errors';
import type { Role } from './roles';

/**
 * type-graphql's check behind `@Authorized(role)`. It throws our own FORBIDDEN rather than returning false,
 * because type-graphql's AuthorizationError has a code the server would mask as INTERNAL.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, required) => {
  const missing = required.find((role) => !context.roles.includes(role));
  if (!missing) return true;
  // Thrown in its GraphQL form, so Apollo applies its HTTP status (403); formatError keeps its code and reason.
  throw toGraphQLError(
    new AppError(
      'FORBIDDEN',
      `${missing.toUpperCase()}_ROLE_REQUIRED`,
      `This needs the ${missing} role; yours: ${context.roles.join(', ') || 'none'}. Ask an admin of your organisation.`,
    ),
  );
};
