import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { UserParts } from '../identity/user.projection';

/** The fields of `User` a query selects anywhere under the resolved field (through edges, fragments and aliases). */
function userFields(tree: ResolveTree, into = new Set<string>()): Set<string> {
  for (const [type, fields] of Object.entries(tree.fieldsByTypeName)) {
    for (const field of Object.values(fields)) {
      if (type === 'User') into.add(field.name);
      else userFields(field, into);
    }
  }
  return into;
}

/**
 * Which parts of a user the resolved field's selection reads (user.projection.ts): the accounts for
 * `accounts`, the directory's view for `employment` and `emails` (`name` is stored on the User). A read
 * that cannot be parsed reads every part.
 */
export function selectedUserParts(info: GraphQLResolveInfo): UserParts {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return { accounts: true, directory: true };
  const fields = userFields(tree);
  return { accounts: fields.has('accounts'), directory: fields.has('employment') || fields.has('emails') };
}
