import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { UserParts } from '../identity/user.projection';

/** The fields of `User` a query selects anywhere under the resolved field (through edges, fragments and aliases), and of its accounts. */
function userFields(tree: ResolveTree, into = { user: new Set<string>(), account: new Set<string>() }) {
  for (const [type, fields] of Object.entries(tree.fieldsByTypeName)) {
    for (const field of Object.values(fields)) {
      if (type !== 'User') userFields(field, into);
      else {
        into.user.add(field.name);
        if (field.name === 'accounts') for (const f of Object.values(field.fieldsByTypeName.Account ?? {})) into.account.add(f.name);
      }
    }
  }
  return into;
}

/**
 * Which parts of a user the resolved field's selection reads (user.projection.ts): the User's own fields selected
 * (an unselected `employment` or `name` is neither read nor decoded: ADR 0010, fourth amendment), the accounts for
 * `accounts` (only the account fields selected), the directory's view for `employment` and `emails` (`name`
 * is stored on the User). A read that cannot be parsed reads every part.
 */
export function selectedUserParts(info: GraphQLResolveInfo): UserParts {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return { accounts: true, directory: true };
  const fields = userFields(tree);
  return {
    accounts: fields.user.has('accounts'),
    ...(fields.user.has('accounts') ? { accountFields: [...fields.account].sort() } : {}),
    directory: fields.user.has('employment') || fields.user.has('emails'),
    userFields: [...fields.user].sort(),
  };
}
